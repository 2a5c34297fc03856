// packer fails: the build fails with packer's exit code and its error lines; record and ledger untouched.
def its = new GroovyClassLoader(getClass().classLoader).parseClass(new File(basedir, '../../../src/it/ImageIts.groovy'))

assert its.count(basedir, 'build') == 1
def log = its.log(basedir)
assert log.contains('packer build failed (exit 1):')
assert log.contains('Script exited with non-zero exit status: 1.Allowed exit codes are: [0]')
assert log.contains('The image record and ledger are unchanged.')
assert log.contains('BUILD FAILURE')

assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert new File(basedir, 'arvados-images.json').text == new File(basedir, 'ledger-before.json').text
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
assert new File(basedir, 'target/arvados/aws/packer.log').text.contains('Script exited with non-zero exit status')
its.assertHomeUntouched(basedir)
true
