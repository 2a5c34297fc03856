// Shared by the keypair-* prebuild hooks (evaluated into their binding): the real ssh-keygen makes the
// operator's existing keys in <basedir>/keys, and `keep` saves a copy in <basedir>/originals for verify.groovy.
sshKeygen = ['/usr/bin/ssh-keygen', '/bin/ssh-keygen'].find { new File(it).canExecute() }
assert sshKeygen != null : 'this IT needs ssh-keygen (openssh-client)'
keys = new File(basedir, 'keys')
keys.mkdirs()
run = { List args ->
    def process = ([sshKeygen] + args).execute()
    process.waitForProcessOutput(System.out, System.err)
    assert process.exitValue() == 0 : args
}
keep = { String name ->
    new File(basedir, 'originals').mkdirs()
    java.nio.file.Files.copy(new File(keys, name).toPath(), new File(basedir, 'originals/' + name).toPath())
}
