// serverId: the settings.xml password, decrypted with the master password, reaches packer's environment
// and nothing else (-X log, argv, leftovers).
def secret = 'aws-secret-Zq8xVw3LkP0sNt7Yh2'

def env = ImageIts.buildEnvironment(basedir)
assert env.AWS_SECRET_ACCESS_KEY == secret
assert env.AWS_ACCESS_KEY_ID == 'AKIAITSETTINGSXML01'

def log = ImageIts.log(basedir)
assert log.contains('[DEBUG]')
assert log.contains('BUILD SUCCESS')
assert log.contains('AWS_SECRET_ACCESS_KEY=****')
assert !ImageIts.buildArgv(basedir).any { it.contains(secret) }
// The stand-in's env record is packer's environment.
assert ImageIts.assertNowhereBut(basedir, secret, ['target/standin/env']) > 10
assert ImageIts.json(new File(basedir, 'target/arvados/aws-image.json')).imageId == 'ami-0123456789abcdef0'
// 2: a server id settings.xml lacks: the error names the POM element and the ids there; nothing more runs.
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 1
assert failures[0].contains("<aws><serverId> (arvados.aws.serverId): settings.xml has no <server> with id 'aws-missing' (server ids there: aws-ops)")
assert ImageIts.count(basedir, 'build') == 1
ImageIts.assertNotInTmp(basedir, secret)
ImageIts.assertHomeUntouched(basedir)
true
