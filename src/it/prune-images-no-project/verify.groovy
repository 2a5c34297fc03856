// A dry run outside any project: the plan in the log, the ledger untouched, no cloud called (nor its SDK resolved),
// no secret printed.
def log = new File(basedir, 'build.log').text
def ledger = new File(basedir, 'arvados-images.json')
assert log.contains('Cluster zzzzz, aws: 5 image(s) in the cloud, 1 already pruned (kept in the ledger as history)')
assert log.contains('keep  ami-0555555555555555a (aws, built 2026-05-10T09:00:00Z): one of the 1 newest')
assert log.contains('prune ami-0444444444444444a (aws, built 2026-04-10T09:00:00Z): kept by no rule; would delete'
        + ' eu-west-1:ami-0444444444444444b, us-east-1:ami-0444444444444444a, and their snapshots tagged'
        + ' arvados_cluster=zzzzz, arvados_inputs_hash=sha256:444a')
assert log.contains('keep  ami-0333333333333333a (aws, built 2026-03-10T09:00:00Z): the newest that passed cloudtest')
assert log.contains('prune ami-0222222222222222a')
assert log.contains("keep  ami-0111111111111111a (aws, built 2026-01-10T09:00:00Z): config.yml's ImageID")
assert !log.contains('ami-0999999999999999a (aws')
assert log.contains('Nothing deleted: this is the plan. To delete the 2 image(s) marked prune, run again with'
        + ' -Darvados.prune.confirm=true.')
assert !log.contains('wJalrXUtnFEMI')
assert !log.contains('Resolving the cloud SDKs')
assert !ledger.text.contains('"prunedAt" : "2026')
assert log.contains('BUILD SUCCESS')
true
