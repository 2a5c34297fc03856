// AMI copies: the image ID is the build region's AMI; the record keeps every region's.

def record = ImageIts.json(new File(basedir, 'target/arvados/aws-image.json'))
assert record.imageId == 'ami-0aaaaaaaaaaaaaaa1'
assert record.region == 'eu-west-1'
assert record.regions == ['eu-west-1': 'ami-0aaaaaaaaaaaaaaa1', 'us-east-1': 'ami-0bbbbbbbbbbbbbbb2']
assert record.artifactId == 'eu-west-1:ami-0aaaaaaaaaaaaaaa1,us-east-1:ami-0bbbbbbbbbbbbbbb2'
assert ImageIts.json(new File(basedir, 'arvados-images.json')).images[0].regions == record.regions
// Written sorted (the committed ledger must not reorder from one run to the next).
def text = new File(basedir, 'arvados-images.json').text
assert text.indexOf('"eu-west-1"') < text.indexOf('"us-east-1"')

def template = ImageIts.json(new File(basedir, 'target/arvados/aws/template.json'))
assert template.builders[0].ami_regions == ['us-east-1']
assert ImageIts.log(basedir).contains('[INFO] Built image ami-0aaaaaaaaaaaaaaa1 in eu-west-1 (copies: eu-west-1: ami-0aaaaaaaaaaaaaaa1, us-east-1: ami-0bbbbbbbbbbbbbbb2).')
ImageIts.assertHomeUntouched(basedir)
true
