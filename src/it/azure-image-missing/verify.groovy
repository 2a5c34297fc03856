// No <azure> at all: resource group, location and credentials are all named in one error.

def log = ImageIts.log(basedir)
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 1
assert failures[0].contains('3 problems in the configuration:')
assert log.contains('  - <azure><resourceGroup> (arvados.azure.resourceGroup) is required')
assert log.contains('  - <azure><location> (arvados.azure.location) is required')
def credentials = log.readLines().find { it.startsWith('  - ') && it.contains('<azure><secretsFile>') }
assert credentials != null && credentials.contains('<azure><serverId>')
ImageIts.assertNothingRendered(basedir)
assert ImageIts.calls(basedir).isEmpty()
ImageIts.assertHomeUntouched(basedir)
true
