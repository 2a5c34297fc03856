// A GCP image: the artifact ID is the bare image name, recorded as the image ID.

def record = ImageIts.json(new File(basedir, 'target/arvados/gcp-image.json'))
assert record.cloud == 'gcp'
assert record.imageId == 'arvados-xmpl1-compute-1795952341'
assert record.artifactId == 'arvados-xmpl1-compute-1795952341'
assert record.region == 'us-central1-f'
assert ImageIts.json(new File(basedir, 'arvados-images.json')).images*.imageId == ['arvados-xmpl1-compute-1795952341']

def next = new File(basedir, 'target/next-step/image.properties').text
assert next.contains('gcp=arvados-xmpl1-compute-1795952341')
assert next.contains('any=arvados-xmpl1-compute-1795952341')

// The key file reaches packer by path through its environment (credentials are no input of the image: the
// var file and template do not name it), its content never copied.
def vars = ImageIts.json(new File(ImageIts.standin(basedir), 'varfile.json'))
assert !vars.containsKey('gcp_account_file')
def env = new File(ImageIts.standin(basedir), 'env').readLines()
assert env.contains('GOOGLE_APPLICATION_CREDENTIALS=' + new File(basedir, 'account.json').absolutePath)
assert vars.gcp_project_id == 'arvados-images-123'
ImageIts.assertNowhereBut(basedir, 'Tk9UIEEgUkVBTCBLRVk=', ['account.json'])
assert ImageIts.log(basedir).contains('BUILD SUCCESS')
ImageIts.assertHomeUntouched(basedir)
true
