// No projectId: named with its POM element and property; nothing rendered, packer never run.

def failure = ImageIts.log(basedir).readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure != null
assert failure.contains('<gcp><projectId> (arvados.gcp.projectId) is required')
ImageIts.assertNothingRendered(basedir)
assert ImageIts.calls(basedir).isEmpty()
ImageIts.assertHomeUntouched(basedir)
true
