// Shared checks for the image goals' ITs (aws-image-*, azure-image-*, gcp-image-*), on the hook scripts' class path:
// a verify.groovy calls ImageIts.log(basedir) and so on.
import groovy.json.JsonSlurper

class ImageIts {
    /** Where the packer stand-in records its calls (STANDIN_RECORD_DIR, set in the root POM's invoker configuration). */
    static File standin(File basedir) { new File(basedir, 'target/standin') }

    /** The stand-in's subcommands, one per invocation (version, validate, build, ...). */
    static List<String> calls(File basedir) {
        File calls = new File(standin(basedir), 'calls')
        calls.exists() ? calls.readLines() : []
    }

    static int count(File basedir, String subcommand) { calls(basedir).count { it == subcommand } as int }

    /** The environment packer's build ran with (the stand-in's `env` record), NAME -> value. */
    static Map<String, String> buildEnvironment(File basedir) {
        Map<String, String> env = [:]
        new File(standin(basedir), 'env').eachLine { line ->
            int eq = line.indexOf('=')
            if (eq > 0) env[line.substring(0, eq)] = line.substring(eq + 1)
        }
        env
    }

    static List<String> buildArgv(File basedir) { new File(standin(basedir), 'argv').readLines() }

    static Object json(File file) { new JsonSlurper().parse(file) }

    static String log(File basedir) { new File(basedir, 'build.log').text }

    /**
     * Fails if {@code secret} is in any file under {@code basedir} except {@code allowed} (paths relative
     * to basedir) and verify.groovy, which names the secret it looks for. Returns how many files were read,
     * so a caller can check the walk saw something.
     */
    static int assertNowhereBut(File basedir, String secret, Collection<String> allowed) {
        assert secret != null && secret.length() >= 8
        int read = 0
        List<String> leaks = []
        basedir.eachFileRecurse(groovy.io.FileType.FILES) { file ->
            String relative = basedir.toPath().relativize(file.toPath()).toString()
            read++
            if (relative != 'verify.groovy' && !allowed.contains(relative) && new String(file.bytes, 'ISO-8859-1').contains(secret)) {
                leaks << relative
            }
        }
        assert leaks.isEmpty(): "the secret is in ${leaks}"
        read
    }

    /**
     * Fails if {@code secret} is in a file of the temporary folder changed since the IT was cloned (Maven
     * and packer share /tmp; the secret must not land there either). Unreadable or large files, and what is no
     * regular file (a JVM's attach socket .java_pid*, a FIFO), are skipped.
     */
    static void assertNotInTmp(File basedir, String secret) {
        long since = new File(basedir, 'pom.xml').lastModified() - 1000
        // The IT clones (this one included) are checked by assertNotInFiles with their own allowed files; the
        // whole build may itself sit under /tmp (a CI clone), so they are left out here.
        String itClones = basedir.canonicalFile.parentFile.path + File.separator
        List<String> leaks = []
        new File(System.getProperty('java.io.tmpdir')).eachFileRecurse(groovy.io.FileType.FILES) { file ->
            if (!file.canonicalPath.startsWith(itClones) && java.nio.file.Files.isRegularFile(file.toPath())
                    && file.lastModified() >= since && file.canRead() && file.length() < 10_000_000
                    && new String(file.bytes, 'ISO-8859-1').contains(secret)) {
                leaks << file.path
            }
        }
        assert leaks.isEmpty(): "the secret is in ${leaks}"
    }

    /**
     * Maven ran with user.home = basedir/home (invoker.mavenOpts): nothing may be written there, so
     * nothing would have gone to the real ~/.ssh or ~/.m2/settings-security.xml either.
     */
    static void assertHomeUntouched(File basedir) {
        File home = new File(basedir, 'home')
        List<String> written = []
        if (home.exists()) {
            home.eachFileRecurse(groovy.io.FileType.FILES) { written << home.toPath().relativize(it.toPath()).toString() }
        }
        assert written.isEmpty(): "written under user.home: ${written}"
    }

    /** Nothing under target/arvados (validation failures write nothing). */
    static void assertNothingRendered(File basedir) {
        File out = new File(basedir, 'target/arvados')
        assert !out.exists() || out.list().length == 0: "target/arvados holds ${out.list()}"
    }
}
