// The EC2 stand-in of the unit tests (on the hook scripts' class path), on the port test.properties names; verify.groovy
// stops it. The older image has a copy in eu-west-1, each copy one snapshot with the build's tags.
import org.arvados.maven.prune.Ec2StandIn

def ec2 = new Ec2StandIn(18473)
def tags = [arvados_cluster: 'zzzzz', arvados_inputs_hash: 'sha256:111a']
ec2.image('us-east-1', 'ami-0111111111111111a', 'snap-0111111111111111a')
ec2.snapshot('us-east-1', 'snap-0111111111111111a', 'Created by CreateImage(i-0123456789abcdef0) for ami-0111111111111111a', tags)
ec2.image('eu-west-1', 'ami-0111111111111111b', 'snap-0111111111111111b')
ec2.snapshot('eu-west-1', 'snap-0111111111111111b', 'Copied for DestinationAmi ami-0111111111111111b from SourceAmi ami-0111111111111111a', tags)
System.properties.put('arvados.it.ec2', ec2)
true
