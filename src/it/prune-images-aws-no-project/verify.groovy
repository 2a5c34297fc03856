// prune-images with confirm inside Maven: the AWS SDK in the plugin's class realm deleted both copies and their
// snapshots through <aws><endpoint>, signed with the secrets file's key, and the ledger records it.
import groovy.json.JsonSlurper

def ec2 = System.properties.remove('arvados.it.ec2')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    ['us-east-1', 'eu-west-1'].each { region ->
        String suffix = region == 'us-east-1' ? 'a' : 'b'
        assert !ec2.hasImage(region, 'ami-011111111111111' + '1' + suffix)
        assert !ec2.hasSnapshot(region, 'snap-011111111111111' + '1' + suffix)
    }
    assert ec2.calls().collect { it.accessKeyId() }.unique() == ['AKIAIOSFODNN7EXAMPLE']
    assert ec2.calls().collect { it.region() }.toSet() == ['us-east-1', 'eu-west-1'] as Set
    def images = new JsonSlurper().parse(new File(basedir, 'arvados-images.json')).images
    assert images[0].deleted == ['eu-west-1:ami-0111111111111111b', 'eu-west-1:snap-0111111111111111b',
                                 'us-east-1:ami-0111111111111111a', 'us-east-1:snap-0111111111111111a']
    assert images[0].prunedAt != null
    assert images[1].prunedAt == null
    assert !log.contains('ITSECRET')
} finally {
    ec2.close()
}
true
