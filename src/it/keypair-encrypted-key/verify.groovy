import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def key = basedir.toPath().resolve('keys/id_dispatcher')
assert log.contains('is protected by a passphrase, which the dispatcher (arvados-dispatch-cloud) cannot use')
assert log.contains("ssh-keygen -p -N '' -f " + key)
assert !log.contains('it-passphrase')
assert !Files.exists(basedir.toPath().resolve('keys/id_dispatcher.pub'))
assert Files.mismatch(key, basedir.toPath().resolve('originals/id_dispatcher')) == -1L
return true
