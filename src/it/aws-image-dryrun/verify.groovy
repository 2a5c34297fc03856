// A dry run: packer validate, no build, the build's command line logged, nothing recorded.

assert ImageIts.calls(basedir) == ['version', 'validate']
def out = new File(basedir, 'target/arvados')
def log = ImageIts.log(basedir)
assert log.contains('[INFO] packer validate: the template is valid.')
assert log.contains('[INFO] Dry run (arvados.dryRun=true): not building. A build would run, in ' + new File(out, 'aws').canonicalPath + ':')
def standin = new File(basedir, '../../../src/test/resources/packer-standin/packer').canonicalPath
def commandLine = log.readLines().find { it.startsWith('[INFO]   ') && it.contains(' build ') }
assert commandLine != null
// Exactly the command a build runs.
assert commandLine.contains("${standin} build -machine-readable -color=false -on-error=cleanup -var-file=${new File(out, 'aws/packer-vars.json').canonicalPath} ")
assert commandLine.contains(new File(out, 'aws/template.json').canonicalPath)
assert log.contains('BUILD SUCCESS')
assert !new File(out, 'aws/packer-vars.json').exists()
assert !new File(out, 'aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
