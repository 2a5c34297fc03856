// An operator's existing key, made by ssh-keygen (RSA in PEM, as older Arvados docs suggested).
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
run(["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", "made-by-ssh-keygen", "-f", "$keys/id_dispatcher"])
keep("id_dispatcher")
keep("id_dispatcher.pub")
return true
