// serverId with Maven 4's encryption: Maven 4 decrypts settings.xml itself (the plugin's SettingsDecrypter
// then returns the password unchanged); the secret reaches packer's environment and nothing else.
def secret = 'aws-secret-M4enc-Wx5Jk9Lq2Rb'

def env = ImageIts.buildEnvironment(basedir)
assert env.AWS_SECRET_ACCESS_KEY == secret
assert env.AWS_ACCESS_KEY_ID == 'AKIAITMVNENC0000001'

def log = ImageIts.log(basedir)
assert log.contains('[DEBUG]')
assert log.contains('BUILD SUCCESS')
assert log.contains('AWS_SECRET_ACCESS_KEY=****')
assert !log.contains('legacy encrypted password')
assert !ImageIts.buildArgv(basedir).any { it.contains(secret) }
assert ImageIts.assertNowhereBut(basedir, secret, ['target/standin/env']) > 10
assert ImageIts.json(new File(basedir, 'target/arvados/aws-image.json')).imageId == 'ami-0123456789abcdef0'

// 2: the wrong master password: Maven 4 stops while reading settings.xml, before any plugin runs, with one error.
def second = log.substring(log.lastIndexOf('BUILD SUCCESS'))
def fatal = second.readLines().findAll { it.contains('FATAL') }
assert fatal.size() == 1
assert fatal[0].contains('Could not decrypt password')
assert ImageIts.count(basedir, 'build') == 1
ImageIts.assertNotInTmp(basedir, secret)
ImageIts.assertHomeUntouched(basedir)
true
