// The artifact packer printed must be confirmed by this run's manifest entry; otherwise nothing is recorded.

def failure = ImageIts.log(basedir).readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure != null
assert failure.contains('packer reported artifact us-east-1:ami-0123456789abcdef0 but this run\'s manifest')
assert failure.contains('lists [us-east-1:ami-0ffffffffffffffff]; nothing was recorded.')
assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
