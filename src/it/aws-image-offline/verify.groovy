// -o: a build needs the cloud, so it is refused before packer runs; a dry run works offline.
def its = new GroovyClassLoader(getClass().classLoader).parseClass(new File(basedir, '../../../src/it/ImageIts.groovy'))

def log = its.log(basedir)
assert log.contains('Maven is offline (-o), and building an image needs the cloud: run without -o, or set arvados.dryRun=true')
assert log.contains('BUILD FAILURE')
assert log.contains('Dry run (arvados.dryRun=true): not building.')
assert log.contains('BUILD SUCCESS')
// Run 1 stopped before packer; run 2 asked its version and validated (no plugin install offline).
assert its.calls(basedir) == ['version', 'validate']
assert new File(basedir, 'target/arvados/aws/template.json').isFile()
assert !new File(basedir, 'target/arvados/aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
its.assertHomeUntouched(basedir)
true
