// Google's auth library, resolved when the goal ran, made a real token exchange with the stand-in; the Compute
// call could not reach Google, and the error names the image and the call; the ledger says nothing was deleted.
import groovy.json.JsonSlurper

def google = System.properties.remove('arvados.it.google')
try {
    def log = new File(basedir, 'build.log').text
    def requests = google.requests()
    assert requests.collect { it.toString() } == ['POST /token']
    assert requests[0].body().contains('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer')
    assert log.contains('Pruning image arvados-zzzzz-compute-1 (gcp, built 2026-01-10T09:00:00Z): images.delete'
            + ' projects/arvados-images/global/images/arvados-zzzzz-compute-1 failed: ')
    assert log.contains('lists what was deleted (nothing)')
    def images = new JsonSlurper().parse(new File(basedir, 'arvados-images.json')).images
    assert images.every { it.prunedAt == null && it.deleted == null }
    String key = new File(basedir, 'private-key.txt').text
    assert !log.contains(key.substring(100, 140))
} finally {
    google.close()
}
true
