// Real packer (.ci/run installs Debian's 1.6.6) validates each cloud's rendered template in one build.
// Without packer on the PATH the dry runs still render and say how to install it.

def log = ImageIts.log(basedir)
assert log.contains('BUILD SUCCESS')
def packerOnPath = System.getenv('PATH').split(':').any { new File(it, 'packer').canExecute() }
['aws', 'azure', 'gcp'].each { cloud ->
    def dir = new File(basedir, "target/arvados/${cloud}")
    assert new File(dir, 'template.json').isFile(): cloud
    assert !new File(dir, 'packer-vars.json').exists(): cloud
    assert !new File(basedir, "target/arvados/${cloud}-image.json").exists(): cloud
}
if (packerOnPath) {
    assert log.count('[INFO] packer validate: the template is valid.') == 3
    assert log.count('[INFO] Dry run (arvados.dryRun=true): not building.') == 3
    // No credentials were given: the dry runs say a build would need them.
    assert log.contains('[WARNING] A real build needs credentials: ')
} else {
    // CI runs the outer build with -Darvados.it.requireTools=true (a system property of this JVM too).
    assert !Boolean.getBoolean('arvados.it.requireTools'): 'packer is not on the PATH (apt-get install packer)'
    assert log.count('[WARNING] Dry run without packer: rendered') == 3
}
assert !new File(basedir, 'arvados-images.json').exists()
ImageIts.assertHomeUntouched(basedir)
true
