// A dry run without packer still renders, and says how to install packer; nothing is recorded.

def log = ImageIts.log(basedir)
assert log.contains("[WARNING] packer not found: <packer> (arvados.packer) is '/nonexistent/packer'")
assert log.contains('Install packer (Debian/Ubuntu: `apt-get install packer`')
assert log.contains('[WARNING] Dry run without packer: rendered')
assert log.contains('BUILD SUCCESS')
def out = new File(basedir, 'target/arvados')
assert new File(out, 'aws/template.json').isFile()
assert new File(out, 'aws/scripts/dispatcher.pub').isFile()
assert !new File(out, 'aws/packer-vars.json').exists()
assert !new File(out, 'aws-image.json').exists()
assert !new File(basedir, 'arvados-images.json').exists()
assert ImageIts.calls(basedir).isEmpty()
ImageIts.assertHomeUntouched(basedir)
true
