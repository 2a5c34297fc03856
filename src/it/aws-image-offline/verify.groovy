// -o: a build needs the cloud, so it is refused before packer validates or builds; a dry run works
// offline, and so does a run whose image is up to date (it needs no cloud).

def log = ImageIts.log(basedir)
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 1
assert failures[0].contains('Maven is offline (-o), and building an image needs the cloud: run without -o, or set arvados.dryRun=true')
assert log.count('BUILD FAILURE') == 1
assert log.contains('Dry run (arvados.dryRun=true): not building.')
assert log.count('[INFO] Built image ami-0123456789abcdef0') == 1
assert log.contains('is up to date with these inputs: no build.')
assert log.count('BUILD SUCCESS') == 3
// 1 only asked packer's version (part of the inputs hash); 2 validated (no plugin install offline);
// 3 built; 4 found the image up to date.
assert ImageIts.calls(basedir) == ['version', 'version', 'validate', 'version', 'validate', 'build', 'version']
assert ImageIts.json(new File(basedir, 'target/arvados/aws-image.json')).imageId == 'ami-0123456789abcdef0'
assert ImageIts.json(new File(basedir, 'arvados-images.json')).images.size() == 1
assert !new File(basedir, 'target/arvados/aws/packer-vars.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
