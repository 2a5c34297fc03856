// Needs the real ssh-keygen (shared/SshKeygen.groovy).
return SshKeygen.available()
