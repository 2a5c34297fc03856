// id_dispatcher.pub is replaced by the public key of another pair.
// sshKeygen, keys, run, keep: see src/it/shared/keypair-ssh-keygen.groovy (the ITs run in target/it/<name>).
evaluate(new File(basedir, "../../../src/it/shared/keypair-ssh-keygen.groovy"))
run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/id_dispatcher"])
run(["-q", "-t", "ed25519", "-N", "", "-f", "$keys/other"])
java.nio.file.Files.copy(new File(keys, "other.pub").toPath(), new File(keys, "id_dispatcher.pub").toPath(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING)
keep("id_dispatcher")
keep("id_dispatcher.pub")
return true
