// The ledger decides: same inputs, no build (the record is still written); force builds anyway.

def calls = new File(basedir, 'standin/calls').readLines()
assert calls.count { it == 'build' } == 2: calls
assert calls == ['version', 'validate', 'build', 'version', 'version', 'validate', 'build', 'version']

def ledger = ImageIts.json(new File(basedir, 'arvados-images.json'))
assert ledger.images.size() == 2
assert ledger.images[0].inputsHash == ledger.images[1].inputsHash
assert ledger.images[0].builtAt != ledger.images[1].builtAt

// Run 4 ran after `clean`: it wrote the record, from the latest ledger entry (build 3's).
def record = ImageIts.json(new File(basedir, 'target/arvados/aws-image.json'))
assert record.builtAt == ledger.images[1].builtAt
assert record.imageId == 'ami-0123456789abcdef0'
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
// Without a build, the image ID still reaches later steps as a project property.
assert new File(basedir, 'target/next-step/image.properties').text.contains('aws=ami-0123456789abcdef0')

def log = ImageIts.log(basedir)
assert log.count('is up to date with these inputs: no build. Set arvados.force=true to rebuild.') == 2
assert log.count('[INFO] Built image ami-0123456789abcdef0') == 2
ImageIts.assertHomeUntouched(basedir)
true
