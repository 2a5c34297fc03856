// -Darvados.dryRun=true: a unified diff in the log, the file untouched, no backup.
assert new File(basedir, 'config.yml').text == new File(basedir, 'original.yml').text
assert !basedir.listFiles().any { it.name.startsWith('config.yml.bak-') }

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] @@ -5,7 +5,7 @@')
assert log.contains('[INFO] -        ImageID: ami-0aaaaaaaaaaaaaaa1   # pasted by hand')
assert log.contains('[INFO] +        ImageID: ami-0444444444444444d   # pasted by hand')
assert log.contains('[INFO] Dry run (arvados.dryRun): ')
true
