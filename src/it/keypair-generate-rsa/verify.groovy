import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def key = basedir.toPath().resolve('keys/id_dispatcher')
def pub = basedir.toPath().resolve('keys/id_dispatcher.pub')
def mode = { PosixFilePermissions.toString(Files.getPosixFilePermissions(it)) }
def log = new File(basedir, 'build.log').text

assert Files.readString(key).startsWith('-----BEGIN RSA PRIVATE KEY-----\n')
assert Files.readString(pub) ==~ /ssh-rsa AAAA[A-Za-z0-9+\/=]+ arvados-dispatch-cloud@zzzzz\n/
assert mode(key) == 'rw-------'
assert mode(pub) == 'rw-r--r--'
assert mode(key.parent) == 'rwx------'

assert log.contains('Generated a new dispatcher key pair: RSA 4096 bits')
assert log.contains('private key: ' + key)
assert log.contains('public key:  ' + pub)
assert log.contains('DispatchPrivateKey: "file://' + key + '"')
def fingerprint = (log =~ /fingerprint: 4096 (SHA256:[A-Za-z0-9+\/]+) \(RSA\)/)[0][1]

// The real ssh-keygen reads the key and computes the same fingerprint.
def sshKeygen = ['/usr/bin/ssh-keygen', '/bin/ssh-keygen'].find { new File(it).canExecute() }
if (sshKeygen != null) {
    def out = [sshKeygen, '-l', '-f', key.toString()].execute().text
    assert out.startsWith('4096 ' + fingerprint + ' ') : out
}
// No line of the private key reaches the log.
Files.readAllLines(key).findAll { !it.startsWith('-----') }.each { assert !log.contains(it) }
return true
