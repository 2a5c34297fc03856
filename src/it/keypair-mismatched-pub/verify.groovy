import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def key = basedir.toPath().resolve('keys/id_dispatcher')
assert log.contains('The public key ' + key + '.pub does not belong to the private key ' + key)
assert log.contains('BUILD FAILURE')
['id_dispatcher', 'id_dispatcher.pub'].each { name ->
    assert Files.mismatch(basedir.toPath().resolve('keys/' + name), basedir.toPath().resolve('originals/' + name)) == -1L
}
return true
