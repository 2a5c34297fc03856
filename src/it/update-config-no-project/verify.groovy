// Run without a POM: the relative configFile and the default ledgerFile resolve in the current folder.
def config = new File(basedir, 'config.yml').text
def original = new File(basedir, 'original.yml').text
assert config == original.replace('ami-0aaaaaaaaaaaaaaa1', 'ami-0444444444444444d')
assert !basedir.listFiles().any { it.name.startsWith('config.yml.bak-') }
assert new File(basedir, 'build.log').text.contains('from the ledger ' + new File(basedir, 'arvados-images.json').canonicalFile)
true
