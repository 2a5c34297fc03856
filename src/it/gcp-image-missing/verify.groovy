// No projectId: named with its POM element and property; nothing rendered, packer never run.
def its = new GroovyClassLoader(getClass().classLoader).parseClass(new File(basedir, '../../../src/it/ImageIts.groovy'))

def failure = its.log(basedir).readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert failure != null
assert failure.contains('<gcp><projectId> (arvados.gcp.projectId) is required')
its.assertNothingRendered(basedir)
assert its.calls(basedir).isEmpty()
its.assertHomeUntouched(basedir)
true
