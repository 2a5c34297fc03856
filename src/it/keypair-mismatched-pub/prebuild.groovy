// id_dispatcher.pub is replaced by the public key of another pair.
// SshKeygen: a class the ITs share, on the hook scripts' class path.
def keys = SshKeygen.keys(basedir)
SshKeygen.run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/id_dispatcher"])
SshKeygen.run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/other"])
java.nio.file.Files.copy(new File(keys, "other.pub").toPath(), new File(keys, "id_dispatcher.pub").toPath(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING)
SshKeygen.keep(basedir, "id_dispatcher")
SshKeygen.keep(basedir, "id_dispatcher.pub")
return true
