// A key with a passphrase and no .pub: the goal must refuse it and write nothing.
// sshKeygen, keys, run, keep: see src/it/shared/keypair-ssh-keygen.groovy (the ITs run in target/it/<name>).
evaluate(new File(basedir, "../../../src/it/shared/keypair-ssh-keygen.groovy"))
run(["-q", "-t", "ed25519", "-N", "it-passphrase", "-f", "$keys/id_dispatcher"])
new File(keys, "id_dispatcher.pub").delete()
keep("id_dispatcher")
return true
