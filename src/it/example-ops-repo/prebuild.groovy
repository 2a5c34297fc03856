// examples/ops-repo as committed: its POM, .mvn/, config.yml and ledger; not keys/ or target/, which a local run
// of the quick start leaves there.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def example = new File(basedir, '../../../examples/ops-repo').canonicalFile.toPath()
assert Files.isRegularFile(example.resolve('pom.xml'))
Files.walk(example).withCloseable { paths ->
    paths.filter { Files.isRegularFile(it) }
         .map { example.relativize(it) }
         .filter { !(it.getName(0).toString() in ['keys', 'target']) }
         .each { relative ->
             def target = basedir.toPath().resolve(relative.toString())
             Files.createDirectories(target.parent)
             Files.copy(example.resolve(relative), target, StandardCopyOption.REPLACE_EXISTING)
         }
}
true
