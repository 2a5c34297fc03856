// A service account key whose token_uri is a local stand-in of Google's token endpoint (the unit tests' RestStandIn,
// on the port named here); verify.groovy stops it.
import groovy.json.JsonOutput
import org.arvados.maven.prune.RestStandIn
import java.security.KeyPairGenerator

def google = new RestStandIn(18474)
google.answer('POST /token', 200, '{"access_token":"ya29.stand-in","expires_in":3599,"token_type":"Bearer"}')
def generator = KeyPairGenerator.getInstance('RSA')
generator.initialize(2048)
def key = Base64.encoder.encodeToString(generator.generateKeyPair().private.encoded)
new File(basedir, 'account.json').text = JsonOutput.toJson([type: 'service_account', project_id: 'arvados-images',
        private_key_id: '0123456789abcdef', private_key: "-----BEGIN PRIVATE KEY-----\n${key}\n-----END PRIVATE KEY-----\n".toString(),
        client_email: 'packer@arvados-images.iam.gserviceaccount.com', client_id: '100000000000000000001',
        token_uri: 'http://127.0.0.1:18474/token'])
new File(basedir, 'private-key.txt').text = key
System.properties.put('arvados.it.google', google)
true
