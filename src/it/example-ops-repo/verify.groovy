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
// The first run (the quick start's) ends with one summary line: what the dry run did, and the real build's command.
def firstRun = log.substring(0, log.indexOf('[INFO] BUILD SUCCESS')).readLines()
assert firstRun[-1] == '[INFO] ' + '-' * 72
assert firstRun[-2] == '[INFO] Dry run (arvados.dryRun=true): aws-image rendered and validated the image\'s template' +
        ' and built nothing; cloudtest started no VM; update-config left config.yml as it was. For the real build:' +
        ' mvn verify -Darvados.dryRun=false, with credentials: <aws><profile>, <aws><secretsFile> or <aws><serverId>' +
        ' (else the AWS SDK\'s own environment variables or instance role).'
assert log.contains('update-config left config.yml as it was. For the real build: mvn arvados:update-config -Darvados.dryRun=false.')
assert log.count('. For the real build: ') == 3: 'the runs of update-config and cloudtest alone sum up too'
ImageIts.assertHomeUntouched(basedir)
true
