// The image from the project's ledger, EBS autoscale settings and the key path are in config.yml,
// every other byte as it was; the previous file is kept as a backup.
def config = new File(basedir, 'config.yml')
def expected = new File(basedir, 'expected.yml')
assert config.text == expected.text

def backups = basedir.listFiles().findAll { it.name.startsWith('config.yml.bak-') }
assert backups.size() == 1
assert backups[0].text == new File(basedir, 'original.yml').text

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Image ami-0444444444444444d from the ledger')
assert log.contains('[INFO] Changed Clusters.zzzzz.Containers.CloudVMs.ImageID: ami-0aaaaaaaaaaaaaaa1 -> ami-0444444444444444d')
assert log.contains('[INFO] Changed Clusters.zzzzz.InstanceTypes.c5large.AddedScratch: removed (was 50GB)')
assert log.contains('[INFO] Updated ')
true
