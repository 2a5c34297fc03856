// config.yml agrees with the image its ImageID names: the goal passes, says so, and changes nothing.
def config = new File(basedir, 'config.yml')
assert config.text == new File(basedir, 'original.yml').text
def log = new File(basedir, 'build.log').text
assert log.contains(config.canonicalPath + ' (cluster zzzzz) agrees with image ami-0444444444444444d (built 2026-11-25T10:00:00Z).') \
    || log.contains(config.absolutePath + ' (cluster zzzzz) agrees with image ami-0444444444444444d (built 2026-11-25T10:00:00Z).')
assert log.contains('BUILD SUCCESS')
true
