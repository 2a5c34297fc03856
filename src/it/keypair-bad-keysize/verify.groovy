def log = new File(basedir, 'build.log').text
assert log.contains('<keySize> (arvados.keySize) is 1024; an RSA key needs 2048 to 16384 bits')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'keys').exists()
return true
