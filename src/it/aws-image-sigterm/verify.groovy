// SIGTERM to Maven mid-build: the shutdown hook passes it to packer and waits for packer's cleanup
// before the JVM exits; no packer process is left.
def standin = ImageIts.standin(basedir)

// The stand-in's parent, the process it signalled, was Maven's JVM.
assert new File(standin, 'parent-comm').text.trim() == 'java'
assert new File(standin, 'sigterm-at').isFile(): 'packer got SIGTERM'
assert new File(standin, 'cleaned-up').isFile(): 'packer finished its cleanup'
def pid = new File(standin, 'pid').text.trim()
assert pid ==~ /\d+/
assert !new File("/proc/${pid}").exists(): "packer (pid ${pid}) is still running"
def parent = new File(standin, 'parent-pid').text.trim()
assert !new File("/proc/${parent}").exists(): "Maven (pid ${parent}) is still running"

def log = ImageIts.log(basedir)
assert log.contains('Maven is stopping (Ctrl-C or SIGTERM) while packer builds: stopping packer (SIGTERM).')
assert log.contains('packer is now deleting what the build created in the cloud')
// packer's cleanup output reached the log before Maven exited.
assert log.contains('Cleanly cancelled builds after being interrupted.')
assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
// The var file goes on every exit path, a signal included.
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists(): 'the var file survived SIGTERM'
ImageIts.assertHomeUntouched(basedir)
true
