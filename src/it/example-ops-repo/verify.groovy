// Each of the four runs succeeded (one build.log holds them all), and none wrote config.yml: the example is a dry run.
def log = new File(basedir, 'build.log').text
def example = new File(basedir, '../../../examples/ops-repo').canonicalFile
assert log.count('BUILD SUCCESS') == 4: "four runs, four successes:\n${log}"
assert !log.contains('are missing or invalid')
assert new File(basedir, 'config.yml').text == new File(example, 'config.yml').text
// The hints the runs print, run above as written: update-config writes (here: would write) the ledger's image.
assert log.contains('mvn arvados:update-config writes it into')
assert log.count('Dry run (arvados.dryRun): ' + new File(basedir, 'config.yml').canonicalPath + ' was not written.') == 2
assert log.contains('Dry run (arvados.dryRun): would run arvados-server cloudtest -config '
        + new File(basedir, 'config.yml').canonicalPath)
ImageIts.assertHomeUntouched(basedir)
true
