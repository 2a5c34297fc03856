// Needs the real ssh-keygen.
return SshKeygen.available()
