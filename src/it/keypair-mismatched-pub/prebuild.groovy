// id_dispatcher.pub is replaced by the public key of another pair.
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
run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/id_dispatcher"])
run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/other"])
java.nio.file.Files.copy(new File(keys, "other.pub").toPath(), new File(keys, "id_dispatcher.pub").toPath(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING)
keep("id_dispatcher")
keep("id_dispatcher.pub")
return true
