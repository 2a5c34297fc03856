// An unknown cluster: one clear error naming it and the clusters present; the file untouched.
assert new File(basedir, 'config.yml').text == new File(basedir, 'original.yml').text
assert !basedir.listFiles().any { it.name.startsWith('config.yml.bak-') || it.name.endsWith('.tmp') }

def log = new File(basedir, 'build.log').text
assert log.contains('has no cluster xxxxx under Clusters (it has: zzzzz). Check <clusterId> (arvados.clusterId).')
true
