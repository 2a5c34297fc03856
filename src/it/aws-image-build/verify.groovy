// A build as a user runs it: record, ledger, project properties, packer's argv and environment.

def out = new File(basedir, 'target/arvados')
def record = ImageIts.json(new File(out, 'aws-image.json'))
assert record.cloud == 'aws'
assert record.clusterId == 'xmpl1'
assert record.imageId == 'ami-0123456789abcdef0'
assert record.region == 'us-east-1'
assert record.artifactId == 'us-east-1:ami-0123456789abcdef0'
assert record.packerVersion == '1.6.6'
assert record.inputsHash ==~ /[0-9a-f]{64}/
assert record.templateFile == 'target/arvados/aws/template.json'   // relative to the ledger: it is committed

def ledger = ImageIts.json(new File(basedir, 'arvados-images.json'))
assert ledger.images.size() == 1
assert ledger.images[0].imageId == 'ami-0123456789abcdef0'
assert ledger.images[0].inputsHash == record.inputsHash

// The next step of the same build saw both properties.
def next = new File(basedir, 'target/next-step/image.properties').text
assert next.contains('aws=ami-0123456789abcdef0')
assert next.contains('any=ami-0123456789abcdef0')

assert new File(out, 'aws/template.json').isFile()
assert new File(out, 'aws/scripts/dispatcher.pub').text == new File(basedir, 'dispatcher.pub').text
assert !new File(out, 'aws/packer-vars.json').exists(): 'the var file is deleted after the run'
assert new File(ImageIts.standin(basedir), 'varfile.json').isFile(): 'packer got a var file'

// The record and ledger are for sharing (0644); packer's full output stays private (0600).
def mode = { f -> java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(f.toPath())) }
assert mode(new File(out, 'aws-image.json')) == 'rw-r--r--'
assert mode(new File(basedir, 'arvados-images.json')) == 'rw-r--r--'
assert mode(new File(out, 'aws/packer.log')) == 'rw-------'

def argv = ImageIts.buildArgv(basedir)
def varFile = new File(out, 'aws/packer-vars.json').canonicalPath
assert argv == ['build', '-machine-readable', '-color=false', '-on-error=cleanup', "-var-file=${varFile}".toString(),
                new File(out, 'aws/template.json').canonicalPath]
assert ImageIts.calls(basedir) == ['version', 'validate', 'build']

def env = ImageIts.buildEnvironment(basedir)
assert env.CHECKPOINT_DISABLE == '1'
assert env.PACKER_CACHE_DIR == new File(out, 'packer_cache').canonicalPath

def log = ImageIts.log(basedir)
assert log.contains('[INFO] Built image ami-0123456789abcdef0 in us-east-1.')
assert log.contains('BUILD SUCCESS')
ImageIts.assertHomeUntouched(basedir)
true
