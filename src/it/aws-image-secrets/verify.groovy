// Credentials from a secrets file reach packer's environment and nothing else: not Maven's -X log,
// not packer's argv, not any file left behind (the stand-in's env record is packer's environment).
def its = new GroovyClassLoader(getClass().classLoader).parseClass(new File(basedir, '../../../src/it/ImageIts.groovy'))
def secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsecretsfile'
def keyId = 'AKIAITSECRETSFILE01'

def env = its.buildEnvironment(basedir)
assert env.AWS_SECRET_ACCESS_KEY == secret
assert env.AWS_ACCESS_KEY_ID == keyId

def log = its.log(basedir)
assert log.contains('[DEBUG]'): 'the build ran with -X'
assert log.contains('BUILD SUCCESS')
// packer printed the secret (STANDIN_ECHO_VAR); the log shows it masked.
assert log.contains('AWS_SECRET_ACCESS_KEY=****')
assert !its.buildArgv(basedir).any { it.contains(secret) || it.contains(keyId) }

// aws.env holds the secret; the stand-in's env record is packer's environment.
def allowed = ['aws.env', 'target/standin/env']
assert its.assertNowhereBut(basedir, secret, allowed) > 10
its.assertNowhereBut(basedir, keyId, allowed)
its.assertNotInTmp(basedir, secret)
its.assertHomeUntouched(basedir)
true
