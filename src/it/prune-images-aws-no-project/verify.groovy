// prune-images with confirm inside Maven: the AWS SDK, resolved when the goal ran and loaded apart from the plugin's
// class realm, assumed the profile's role and deleted both copies of the older image and their snapshots in moto's
// EC2 through <aws><endpoint>, and the ledger records it; the newer one stays.
import groovy.json.JsonSlurper

def ec2 = System.properties.remove('arvados.it.ec2')
def amis = System.properties.remove('arvados.it.amis')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    assert log.contains('Resolving the cloud SDKs prune-images calls through: ec2 ')
    def expected = [] as Set
    amis.older.each { ami ->
        assert !ec2.hasImage(ami.region(), ami.imageId())
        expected << "${ami.region()}:${ami.imageId()}".toString()
        ami.snapshots().each { snapshot ->
            assert !ec2.hasSnapshot(ami.region(), snapshot)
            expected << "${ami.region()}:${snapshot}".toString()
        }
    }
    amis.newer.each { ami -> assert ec2.hasImage(ami.region(), ami.imageId()) }
    def images = new JsonSlurper().parse(new File(basedir, 'arvados-images.json')).images
    assert (images[0].deleted as Set) == expected
    assert images[0].prunedAt != null
    assert images[1].prunedAt == null
    assert !log.contains('ITSECRET')
} finally {
    ec2.close()
}
true
