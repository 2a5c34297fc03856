// Credentials from a secrets file reach packer's environment and nothing else: not Maven's -X log,
// not packer's argv, not any file left behind (the stand-in's env record is packer's environment).
def secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsecretsfile'
def keyId = 'AKIAITSECRETSFILE01'

def env = ImageIts.buildEnvironment(basedir)
assert env.AWS_SECRET_ACCESS_KEY == secret
assert env.AWS_ACCESS_KEY_ID == keyId

def log = ImageIts.log(basedir)
assert log.contains('[DEBUG]'): 'the build ran with -X'
assert log.contains('BUILD SUCCESS')
// packer printed the secret (STANDIN_ECHO_VAR); the log shows it masked.
assert log.contains('AWS_SECRET_ACCESS_KEY=****')
assert !ImageIts.buildArgv(basedir).any { it.contains(secret) || it.contains(keyId) }

// aws.env holds the secret; the stand-in's env record is packer's environment.
def allowed = ['aws.env', 'target/standin/env']
assert ImageIts.assertNowhereBut(basedir, secret, allowed) > 10
ImageIts.assertNowhereBut(basedir, keyId, allowed)
ImageIts.assertNotInTmp(basedir, secret)
ImageIts.assertHomeUntouched(basedir)
true
