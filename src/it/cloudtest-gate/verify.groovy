// cloudtest's results go into the ledger entry; the failed one then stops check-config and update-config.
def secret = 'wJalrXUtnFEMI/K7MDENG/cloudtestGateSecret'

def ledger = ImageIts.json(new File(basedir, 'arvados-images.json'))
def tests = ledger.images[0].cloudtests
assert tests*.passed == [true, false]
assert tests[0].outputTail == null
assert tests[1].outputTail.any { it.contains('msg="shell command failed"') }
assert tests.every { it.durationSeconds >= 0 && it.at }

// The copy in the config's Region, on the command line; config.yml itself is never changed.
def argv = new File(basedir, 'standin/argv').readLines()
assert argv[0..4] == ['cloudtest', '-config', new File(basedir, 'config.yml').canonicalPath, '-image-id', 'ami-0555555555555555e'] \
    || argv[0..4] == ['cloudtest', '-config', new File(basedir, 'config.yml').absolutePath, '-image-id', 'ami-0555555555555555e']
assert argv[5..6] == ['-command', 'false']
assert new File(basedir, 'config.yml').text == new File(basedir, 'original.yml').text

def log = ImageIts.log(basedir)
assert log.contains('[DEBUG]'): 'the last run ran with -X'
assert log.contains("Clusters.zzzzz.Containers.CloudVMs.ImageID: image ami-0444444444444444d failed its latest cloudtest")
assert log.contains('does not match the image it names (nothing to change, nothing written)')
// The stand-in quoted the secret key in every run; the log shows it masked, and the ledger keeps it masked.
assert !log.contains(secret)
assert !new File(basedir, 'arvados-images.json').text.contains(secret)
assert !argv.any { it.contains(secret) }
ImageIts.assertNowhereBut(basedir, secret, ['config.yml', 'original.yml', 'standin/env'])
true
