// packer fails: the build fails with packer's exit code and its error lines; record and ledger untouched.

assert ImageIts.count(basedir, 'build') == 1
def log = ImageIts.log(basedir)
// The failure message itself: packer's exit code, its error lines, where the full output is.
def lines = log.readLines()
int at = lines.findIndexOf { it.startsWith('[ERROR] Failed to execute goal') }
assert at >= 0
assert lines[at].endsWith(': packer build failed (exit 1):')
assert lines[at + 1] == '[ERROR]   amazon-ebs: Script exited with non-zero exit status: 1.Allowed exit codes are: [0]'
assert lines[at + 2].startsWith('[ERROR] Full output: ' + new File(basedir, 'target/arvados/aws/packer.log').canonicalPath)
assert lines[at + 2].endsWith('The image record and ledger are unchanged.')
assert log.contains('BUILD FAILURE')

assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert new File(basedir, 'arvados-images.json').text == new File(basedir, 'ledger-before.json').text
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
assert new File(basedir, 'target/arvados/aws/packer.log').text.contains('Script exited with non-zero exit status')
ImageIts.assertHomeUntouched(basedir)
true
