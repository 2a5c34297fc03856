// The real ssh-keygen for the keypair-* ITs' hooks: it makes an operator's existing keys in <basedir>/keys, and
// keep() saves a copy in <basedir>/originals for verify.groovy.
class SshKeygen {
    private static final String TOOL = ['/usr/bin/ssh-keygen', '/bin/ssh-keygen'].find { new File(it).canExecute() }

    /**
     * For a selector: whether ssh-keygen is installed. Its absence fails instead under
     * -Darvados.it.requireTools=true (CI installs openssh-client).
     */
    static boolean available() {
        boolean found = System.getenv('PATH').split(':').any { new File(it, 'ssh-keygen').canExecute() }
        if (!found && Boolean.getBoolean('arvados.it.requireTools')) {
            throw new IllegalStateException('ssh-keygen is not installed (arvados.it.requireTools=true)')
        }
        found
    }

    /** The IT's keys folder, created. */
    static File keys(File basedir) {
        File keys = new File(basedir, 'keys')
        keys.mkdirs()
        keys
    }

    static void run(List args) {
        assert TOOL != null : 'this IT needs ssh-keygen (openssh-client)'
        def process = ([TOOL] + args).execute()
        process.waitForProcessOutput(System.out, System.err)
        assert process.exitValue() == 0 : args
    }

    static void keep(File basedir, String name) {
        new File(basedir, 'originals').mkdirs()
        java.nio.file.Files.copy(new File(keys(basedir), name).toPath(), new File(basedir, 'originals/' + name).toPath())
    }
}
