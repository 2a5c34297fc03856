import java.nio.file.Files

def log = new File(basedir, 'build.log').text
['id_dispatcher', 'id_dispatcher.pub'].each { name ->
    assert Files.mismatch(basedir.toPath().resolve('keys/' + name), basedir.toPath().resolve('originals/' + name)) == -1L :
            name + ' changed'
}
assert log.findAll('Verified the existing dispatcher key pair: RSA 2048 bits').size() == 2
assert !log.contains('Generated a new')
return true
