// packer exits 0 without an artifact: a failure, and nothing is recorded.

assert ImageIts.count(basedir, 'build') == 1
def log = ImageIts.log(basedir)
assert log.contains('packer build succeeded but reported 0 artifacts')
assert log.contains('nothing was recorded')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
