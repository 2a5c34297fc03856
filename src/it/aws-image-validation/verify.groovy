// Seven bad settings: one error naming each by its POM element and property; nothing written, packer never run.

def log = ImageIts.log(basedir)
def failure = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failure.size() == 1
assert failure[0].contains('7 problems in the configuration:')
[
    '<clusterId> (arvados.clusterId)',
    '<aws><sourceAmi> (arvados.aws.sourceAmi) is required',
    '<resolver> (arvados.resolver) must be an IP address',
    '<hosts> (arvados.hosts) entry 2 must be an IP address followed by one or more host names',
    '<aws><volumeSize> (arvados.aws.volumeSize)',
    '<runtimeEngine> (arvados.runtimeEngine)',
    '<onError> (arvados.onError)',
].each { assert log.contains("  - ${it}"): it }

ImageIts.assertNothingRendered(basedir)
assert ImageIts.calls(basedir).isEmpty(): 'packer was not run, not even `packer version`'
assert !new File(basedir, 'arvados-images.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
