// An operator's existing key, made by ssh-keygen (RSA in PEM, as older Arvados docs suggested).
// SshKeygen: a class the ITs share, on the hook scripts' class path.
def keys = SshKeygen.keys(basedir)
SshKeygen.run(["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", "made-by-ssh-keygen", "-f", "$keys/id_dispatcher"])
SshKeygen.keep(basedir, "id_dispatcher")
SshKeygen.keep(basedir, "id_dispatcher.pub")
return true
