// A wrong master password: one error, no secret, nothing runs. Maven 3 leaves decryption to the plugin, whose
// error names the server id, the POM element and the master password file; Maven 4 decrypts settings.xml
// itself and stops before any plugin runs.

def log = ImageIts.log(basedir)
assert !log.contains('aws-secret-Zq8xVw3LkP0sNt7Yh2')
if (mavenVersion.startsWith('3.')) {
    def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
    assert failures.size() == 1
    assert failures[0].contains("<aws><serverId> (arvados.aws.serverId): cannot decrypt the password of settings.xml server 'aws-ops'")
    // It names the master password file Maven read (-Dsettings.security), not the default one.
    assert failures[0].contains("check the master password in ${new File(basedir, 'settings-security.xml').canonicalPath}")
} else {
    def fatal = log.readLines().findAll { it.contains('FATAL') }
    assert fatal.size() == 1
    assert fatal[0].contains('Could not decrypt password')
}
assert ImageIts.calls(basedir).isEmpty()
ImageIts.assertNothingRendered(basedir)
ImageIts.assertHomeUntouched(basedir)
true
