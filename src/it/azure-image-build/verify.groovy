// An Azure managed image: config.yml's ImageID is the image NAME; the record keeps the full resource ID.
def secret = 'azure-build-secret-Hq7Wm2Lx9Ns4Vb'

def record = ImageIts.json(new File(basedir, 'target/arvados/azure-image.json'))
assert record.cloud == 'azure'
assert record.imageId == 'xmpl1-compute-v1795952341'
assert record.artifactId == '/subscriptions/3f2c8a4e-1b7d-4c9a-9e2f-6a5b4c3d2e1f/resourceGroups/arvados-images/providers/Microsoft.Compute/images/xmpl1-compute-v1795952341'
assert record.region == 'westeurope'
assert ImageIts.json(new File(basedir, 'arvados-images.json')).images*.imageId == ['xmpl1-compute-v1795952341']

def next = new File(basedir, 'target/next-step/image.properties').text
assert next.contains('azure=xmpl1-compute-v1795952341')
assert next.contains('any=xmpl1-compute-v1795952341')

def env = ImageIts.buildEnvironment(basedir)
assert env.ARM_CLIENT_ID == '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
assert env.ARM_CLIENT_SECRET == secret
assert env.ARM_SUBSCRIPTION_ID == '3f2c8a4e-1b7d-4c9a-9e2f-6a5b4c3d2e1f'
assert env.ARM_TENANT_ID == '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'

def log = ImageIts.log(basedir)
assert log.contains('BUILD SUCCESS')
// packer echoed the client secret back (STANDIN_ECHO_VAR): masked.
assert log.contains('ARM_CLIENT_SECRET=****')
assert ImageIts.assertNowhereBut(basedir, secret, ['azure.env', 'target/standin/env']) > 10
ImageIts.assertNotInTmp(basedir, secret)
ImageIts.assertHomeUntouched(basedir)
true
