// An operator's existing key, made by ssh-keygen (RSA in PEM, as older Arvados docs suggested).
// sshKeygen, keys, run, keep: see src/it/shared/keypair-ssh-keygen.groovy (the ITs run in target/it/<name>).
evaluate(new File(basedir, "../../../src/it/shared/keypair-ssh-keygen.groovy"))
run(["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", "made-by-ssh-keygen", "-f", "$keys/id_dispatcher"])
keep("id_dispatcher")
keep("id_dispatcher.pub")
return true
