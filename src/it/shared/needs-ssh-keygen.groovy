// Selector for ITs whose prebuild makes a key with the real ssh-keygen: skip where it is not installed,
// fail instead under -Darvados.it.requireTools=true (CI installs openssh-client).
boolean found = System.getenv('PATH').split(':').any { new File(it, 'ssh-keygen').canExecute() }
if (!found && Boolean.getBoolean('arvados.it.requireTools')) {
    throw new IllegalStateException('ssh-keygen is not installed (arvados.it.requireTools=true)')
}
return found
