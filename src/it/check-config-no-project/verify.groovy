// Every mismatch is one line of the one error, each naming the config path, config.yml's value and the image's;
// config.yml is unchanged.
assert new File(basedir, 'config.yml').text == new File(basedir, 'original.yml').text
def log = new File(basedir, 'build.log').text
[
    'Clusters.zzzzz.Containers.CloudVMs.ImageID: config.yml has ami-0444444444444444d, but the copy in the dispatcher\'s Region eu-west-1 is ami-0555555555555555e',
    'Clusters.zzzzz.Containers.CloudVMs.DriverParameters.AdminUsername: config.yml has arvados, the image has crunch',
    'Clusters.zzzzz.Containers.CloudVMs.SSHPort: config.yml has 22, the image has 2222',
].each { assert log.contains(it) : it }
assert log.contains('does not match image ami-0444444444444444d')
assert log.contains('BUILD FAILURE')
true
