// serverId (username = client ID, password = client secret, encrypted) with subscriptionId and tenantId:
// all four reach packer's environment; the secret nothing else (-X log, argv, leftovers).
def secret = 'azure-client-secret-Rm4Kd9Tq1Xw6Pz'

def env = ImageIts.buildEnvironment(basedir)
assert env.ARM_CLIENT_ID == '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'
assert env.ARM_CLIENT_SECRET == secret
assert env.ARM_SUBSCRIPTION_ID == '3f2c8a4e-1b7d-4c9a-9e2f-6a5b4c3d2e1f'
assert env.ARM_TENANT_ID == '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'

def log = ImageIts.log(basedir)
assert log.contains('[DEBUG]')
assert log.contains('BUILD SUCCESS')
assert log.contains('ARM_CLIENT_SECRET=****')
assert !ImageIts.buildArgv(basedir).any { it.contains(secret) }
assert ImageIts.assertNowhereBut(basedir, secret, ['target/standin/env']) > 10
assert ImageIts.json(new File(basedir, 'target/arvados/azure-image.json')).imageId == 'xmpl1-compute-v1795952341'
ImageIts.assertNotInTmp(basedir, secret)
ImageIts.assertHomeUntouched(basedir)
true
