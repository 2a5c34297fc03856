// Needs the real ssh-keygen: see src/it/shared/needs-ssh-keygen.groovy.
return evaluate(new File(basedir, "../../../src/it/shared/needs-ssh-keygen.groovy"))
