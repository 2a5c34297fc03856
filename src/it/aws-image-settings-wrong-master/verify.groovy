// A wrong master password: the decryption error names the server id and the POM element; nothing runs.
def its = new GroovyClassLoader(getClass().classLoader).parseClass(new File(basedir, '../../../src/it/ImageIts.groovy'))

def log = its.log(basedir)
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 2
def failure = failures[0]
assert failure.contains("<aws><serverId>: cannot decrypt the password of settings.xml server 'aws-ops'")
// It names the master password file Maven read (-Dsettings.security), not the default one.
assert failure.contains("check the master password in ${new File(basedir, 'settings-security.xml').canonicalPath}")
assert !log.contains('aws-secret-Zq8xVw3LkP0sNt7Yh2')
assert failures[1].contains("<aws><serverId>: settings.xml has no <server> with id 'aws-missing' (server ids there: aws-ops)")
assert its.calls(basedir).isEmpty()
its.assertNothingRendered(basedir)
its.assertHomeUntouched(basedir)
true
