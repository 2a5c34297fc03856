package org.arvados.maven.keys;

import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.KeyPairResult.Outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dispatcher's key pair on disk: made when missing, verified when present, never overwritten.
 * Every check runs before anything is written, so a refusal leaves the disk as it was.
 */
public final class DispatcherKeys {
    /** A key file larger than this is not a key; reading stops there. */
    private static final long MAX_KEY_FILE_BYTES = 1 << 20;
    /** One lock per key path, so parallel builds in one JVM never both create the same key. */
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private final KeyGenerator generator = new KeyGenerator();

    /**
     * Makes the key pair {@code spec} describes, or verifies the one already there, and logs its fingerprint
     * and the config.yml line that points the dispatcher at it.
     *
     * @throws InvalidInputException when the key cannot be made or used; nothing was written then
     */
    public KeyPairResult ensure(KeySpec spec, BuildLog log) throws IOException {
        synchronized (LOCKS.computeIfAbsent(spec.keyFile(), path -> new Object())) {
            // NOFOLLOW: a dangling symlink counts as present, so it is reported, never written through.
            KeyPairResult result = Files.exists(spec.keyFile(), LinkOption.NOFOLLOW_LINKS)
                    ? useExisting(spec, log) : create(spec);
            report(result, spec, log);
            return result;
        }
    }

    private KeyPairResult create(KeySpec spec) throws IOException {
        checkCanCreate(spec);
        SshKey key = generator.generate(spec.keyType(), spec.keySize());
        byte[] privateBytes = KeyFormats.encodePrivateKey(key);
        AtomicFiles.createDirectories(spec.keyFile().getParent(), AtomicFiles.PRIVATE_DIR);
        // Private key first: if the run dies in between, the next run derives the missing public key.
        try {
            AtomicFiles.create(spec.keyFile(), privateBytes, AtomicFiles.PRIVATE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new InvalidInputException("<keyFile> (arvados.keyFile): another run created " + spec.keyFile()
                    + " at the same moment; this run wrote nothing. Run again to verify the key it made.");
        } finally {
            Arrays.fill(privateBytes, (byte) 0);
        }
        createPublicKey(key, spec);
        return result(key, spec, Outcome.CREATED);
    }

    private KeyPairResult useExisting(KeySpec spec, BuildLog log) throws IOException {
        Path keyFile = spec.keyFile();
        Path publicFile = spec.publicKeyFile();
        if (!Files.isRegularFile(keyFile)) {
            throw new InvalidInputException("<keyFile> (arvados.keyFile) " + keyFile + " is " + kindOf(keyFile)
                    + "; point it at the private key file (e.g. " + (Files.isDirectory(keyFile)
                    ? keyFile.resolve("id_dispatcher") : "${user.home}/.ssh/id_dispatcher")
                    + "), or at a path that does not exist yet to generate one.");
        }
        SshKey key = readPrivateKey(keyFile);
        warnAboutExisting(key, spec, log);
        if (Files.exists(publicFile, LinkOption.NOFOLLOW_LINKS)) {
            checkPublicKeyMatches(key, keyFile, publicFile);
            return result(key, spec, Outcome.VERIFIED);
        }
        if (!Files.isWritable(keyFile.getParent())) {
            throw new InvalidInputException("The public key " + publicFile + " is missing and its folder is not "
                    + "writable; make " + keyFile.getParent() + " writable or run `ssh-keygen -y -f " + keyFile
                    + " > " + publicFile + "`.");
        }
        createPublicKey(key, spec);
        return result(key, spec, Outcome.PUBLIC_KEY_DERIVED);
    }

    /** Another run may derive the same public key at the same moment: then its file must match. */
    private static void createPublicKey(SshKey key, KeySpec spec) throws IOException {
        try {
            AtomicFiles.create(spec.publicKeyFile(), key.publicKeyLineBytes(spec.keyComment()), AtomicFiles.PUBLIC);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            checkPublicKeyMatches(key, spec.keyFile(), spec.publicKeyFile());
        }
    }

    private static String kindOf(Path path) {
        if (Files.isDirectory(path)) {
            return "a folder";
        }
        if (Files.isSymbolicLink(path) && !Files.exists(path)) {
            return "a symbolic link to nothing";
        }
        return "not a regular file (a device, FIFO or socket)";
    }

    private static SshKey readPrivateKey(Path keyFile) throws IOException {
        if (Files.size(keyFile) > MAX_KEY_FILE_BYTES) {
            throw unusable(keyFile, "it is larger than any private key");
        }
        byte[] content = Files.readAllBytes(keyFile);
        try {
            return KeyFormats.parsePrivateKey(content);
        } catch (UnusableKeyException e) {
            if (e.reason() == UnusableKeyException.Reason.ENCRYPTED) {
                throw new InvalidInputException("<keyFile> (arvados.keyFile) " + keyFile + " is protected by a "
                        + "passphrase, which the dispatcher (arvados-dispatch-cloud) cannot use: it has no way to "
                        + "ask for one. Remove the passphrase with `ssh-keygen -p -N '' -f " + keyFile + "`, or "
                        + "point <keyFile> at a new path to generate a key without one.");
            }
            throw unusable(keyFile, e.getMessage());
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static InvalidInputException unusable(Path keyFile, String why) {
        return new InvalidInputException("<keyFile> (arvados.keyFile) " + keyFile + " is not a private key the "
                + "dispatcher can use: " + why + ". Point <keyFile> at an unencrypted RSA, Ed25519 or ECDSA key "
                + "(PEM or OpenSSH format), or at a path that does not exist yet to generate one.");
    }

    private static void checkPublicKeyMatches(SshKey key, Path keyFile, Path publicFile) throws IOException {
        if (!Files.isRegularFile(publicFile) || Files.size(publicFile) > MAX_KEY_FILE_BYTES) {
            throw new InvalidInputException("The public key " + publicFile + " of <keyFile> " + keyFile
                    + " is not a regular file; remove it and run again to derive it from the private key.");
        }
        Optional<byte[]> blob = KeyFormats.parsePublicKeyLine(Files.readString(publicFile, StandardCharsets.UTF_8));
        if (blob.isEmpty() || !Arrays.equals(blob.get(), key.publicBlob())) {
            throw new InvalidInputException("The public key " + publicFile + (blob.isEmpty()
                    ? " is not one OpenSSH public key line" : " does not belong to the private key " + keyFile)
                    + "; workers would refuse the dispatcher. Delete " + publicFile + " and run again to derive it "
                    + "from " + keyFile + " (or restore the matching pair).");
        }
    }

    private static void warnAboutExisting(SshKey key, KeySpec spec, BuildLog log) throws IOException {
        String wanted = spec.keyType() == KeyType.RSA ? "ssh-rsa" : "ssh-ed25519";
        if (!key.sshType().equals(wanted)) {
            log.warn("The existing key " + spec.keyFile() + " is " + key.label() + ", not "
                    + spec.keyType().parameterValue() + "; using it as it is (<keyType> only applies to new keys).");
        }
        if (key.sshType().equals("ssh-rsa") && key.bits() < KeySpec.MIN_RSA_BITS) {
            log.warn("The existing RSA key " + spec.keyFile() + " has only " + key.bits() + " bits; EC2 refuses RSA "
                    + "keys under " + KeySpec.MIN_RSA_BITS + " bits. Consider a new key.");
        }
        if (AtomicFiles.supportsPosix(spec.keyFile())) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(spec.keyFile());
            if (mode.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                log.warn("The private key " + spec.keyFile() + " can be read or written by others; run `chmod 600 "
                        + spec.keyFile() + "` (OpenSSH refuses such keys).");
            }
        }
    }

    /** Refuses a key path that cannot become a file, before any key is generated or folder made. */
    private static void checkCanCreate(KeySpec spec) {
        Path parent = spec.keyFile().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String problem = null;
        if (existing == null || !Files.isDirectory(existing)) {
            problem = existing + " is a file, not a folder";
        } else if (!Files.isWritable(existing)) {
            problem = existing + " is not writable";
        } else if (Files.exists(spec.publicKeyFile(), LinkOption.NOFOLLOW_LINKS)) {
            problem = "the public key " + spec.publicKeyFile() + " already exists without its private key";
        }
        if (problem != null) {
            throw new InvalidInputException("<keyFile> (arvados.keyFile) " + spec.keyFile() + " cannot be created: "
                    + problem + ". Point <keyFile> at a path in a writable folder"
                    + (problem.startsWith("the public") ? " or remove the stray public key." : "."));
        }
    }

    private static KeyPairResult result(SshKey key, KeySpec spec, Outcome outcome) {
        return new KeyPairResult(key.sshType(), key.label(), key.bits(), spec.keyFile(), spec.publicKeyFile(),
                key.fingerprint(), outcome);
    }

    private static void report(KeyPairResult result, KeySpec spec, BuildLog log) {
        String what = switch (result.outcome()) {
            case CREATED -> "Generated a new";
            case VERIFIED -> "Verified the existing";
            case PUBLIC_KEY_DERIVED -> "Verified the existing private key and wrote the missing public key of the";
        };
        log.info(what + " dispatcher key pair: " + result.label() + " " + result.bits() + " bits");
        log.info("  private key: " + result.privateKeyFile());
        log.info("  public key:  " + result.publicKeyFile());
        log.info("  fingerprint: " + result.bits() + " " + result.fingerprint() + " (" + result.label() + ")");
        String where = spec.clusterId().map(id -> "Clusters." + id + ".Containers").orElse("Clusters.<ClusterID>.Containers");
        log.info("Next step: copy the private key to the dispatcher host (mode 0600, owned by the user that runs "
                + "arvados-dispatch-cloud) and set in config.yml, under " + where + ":");
        log.info("  DispatchPrivateKey: \"file://" + result.privateKeyFile() + "\"");
        log.info("(use the key's path on the dispatcher host if it differs from this one)");
    }
}
