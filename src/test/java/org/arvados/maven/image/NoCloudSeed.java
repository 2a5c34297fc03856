package org.arvados.maven.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What arvados-dispatch-cloud hands a new instance, as cloud-init's NoCloud datasource reads it: a volume
 * labelled {@code cidata} with meta-data (a fresh instance ID) and user data that is exactly the dispatcher's:
 * {@code #!/bin/sh}, the line that writes the instance secret, then {@code CloudVMs.InstanceInitCommand}; and,
 * where given, vendor data: the cloud-config a cloud's own datasource adds.
 */
record NoCloudSeed(Path iso, String instanceSecret) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code vendorData}: a cloud-config, or empty for none. */
    static NoCloudSeed write(Path dir, String hostname, String instanceInitCommand, String vendorData)
            throws IOException, InterruptedException {
        byte[] secretBytes = new byte[20];
        RANDOM.nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("user-data"), userData(secret, instanceInitCommand));
        Files.writeString(dir.resolve("meta-data"),
                "instance-id: i-" + secret.substring(0, 17) + "\nlocal-hostname: " + hostname + "\n");
        Path iso = dir.resolve("seed.iso");
        List<String> command = new ArrayList<>(List.of("genisoimage", "-quiet", "-output", iso.toString(), "-volid",
                "cidata", "-joliet", "-rock", dir.resolve("user-data").toString(), dir.resolve("meta-data").toString()));
        if (!vendorData.isEmpty()) {
            command.add(Files.writeString(dir.resolve("vendor-data"), vendorData).toString());
        }
        ChrootRoot.run(command);
        return new NoCloudSeed(iso, secret);
    }

    /** The dispatcher's user data (lib/dispatchcloud/worker: the init command, a newline, InstanceInitCommand). */
    static String userData(String secret, String instanceInitCommand) {
        return "#!/bin/sh\numask 0177 && echo -n \"" + secret + "\" >/var/run/arvados-instance-secret\n"
                + instanceInitCommand;
    }
}
