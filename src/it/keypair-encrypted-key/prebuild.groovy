// A key with a passphrase and no .pub: the goal must refuse it and write nothing.
// SshKeygen: a class the ITs share, on the hook scripts' class path.
def keys = SshKeygen.keys(basedir)
SshKeygen.run(["-q", "-t", "ed25519", "-N", "it-passphrase", "-f", "$keys/id_dispatcher"])
new File(keys, "id_dispatcher.pub").delete()
SshKeygen.keep(basedir, "id_dispatcher")
return true
