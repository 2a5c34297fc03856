// A key with a passphrase and no .pub: the goal must refuse it and write nothing.
def sshKeygen = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen"].find { new File(it).canExecute() }
assert sshKeygen != null : "this IT needs ssh-keygen (openssh-client)"
def keys = new File(basedir, "keys")
keys.mkdirs()
def run = { List args ->
    def process = ([sshKeygen] + args).execute()
    process.waitForProcessOutput(System.out, System.err)
    assert process.exitValue() == 0 : args
}
def keep = { String name ->
    new File(basedir, "originals").mkdirs()
    java.nio.file.Files.copy(new File(keys, name).toPath(), new File(basedir, "originals/" + name).toPath())
}
run(["-q", "-t", "ed25519", "-N", "it-passphrase", "-f", "$keys/id_dispatcher"])
new File(keys, "id_dispatcher.pub").delete()
keep("id_dispatcher")
return true
