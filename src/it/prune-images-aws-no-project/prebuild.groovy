// moto's EC2, on the port test.properties names; verify.groovy stops it. Two builds as packer makes them (an
// instance, CreateImage, the build's tags on the snapshots, a copy in eu-west-1), and the ledger that records them.
import groovy.json.JsonOutput
import org.arvados.maven.prune.MotoEc2

def ec2 = MotoEc2.start(18473)
def built = { String hash ->
    def tags = [arvados_cluster: 'zzzzz', arvados_inputs_hash: hash]
    def east = ec2.build('us-east-1', tags)
    [east, ec2.copy(east, 'eu-west-1', tags)]
}
def entry = { List amis, String builtAt, String hash ->
    def (east, west) = amis
    [cloud: 'aws', clusterId: 'zzzzz', imageId: east.imageId(), region: 'us-east-1',
     regions: ['us-east-1': east.imageId(), 'eu-west-1': west.imageId()],
     artifactId: "eu-west-1:${west.imageId()},us-east-1:${east.imageId()}".toString(), builtAt: builtAt,
     packerVersion: '1.11.2', inputsHash: hash, templateFile: 'target/arvados/aws/template.json']
}
def older = built('sha256:111a')
def newer = built('sha256:222a')
new File(basedir, 'arvados-images.json').text = JsonOutput.prettyPrint(JsonOutput.toJson([images: [
        entry(older, '2026-01-10T09:00:00Z', 'sha256:111a'), entry(newer, '2026-02-10T09:00:00Z', 'sha256:222a')]])) + '\n'
System.properties.put('arvados.it.ec2', ec2)
System.properties.put('arvados.it.amis', [older: older, newer: newer])
true
