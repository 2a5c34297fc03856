// <timeout>: the build is cancelled as Ctrl-C would (packer cleans up), fails, and changes no record.

assert new File(ImageIts.standin(basedir), 'sigterm-at').isFile()
assert new File(ImageIts.standin(basedir), 'cleaned-up').isFile()
def log = ImageIts.log(basedir)
assert log.contains('The packer build did not finish within 1s, its <timeout> (arvados.timeout): stopping packer (SIGTERM).')
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure != null && failure.contains('packer build timed out and was cancelled')
assert log.contains('The image record and ledger are unchanged.')
assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert new File(basedir, 'arvados-images.json').text == new File(basedir, 'ledger-before.json').text
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
