package org.arvados.maven.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plugin's rendered provisioning placed inside a test root, where the template's file provisioner uploads it. */
final class ChrootProvisioning {
    /** WORKDIR inside the root: off /tmp, which the scratch space takes over at boot. */
    static final String WORKDIR = "/var/tmp/arvados-provision";

    private ChrootProvisioning() {
    }

    /**
     * Places the rendered scripts/ at {@link #WORKDIR} inside the root and returns the environment the template
     * hands provision.sh, plus {@code testOnly}: optional variables that point downloads at local repositories.
     */
    static Map<String, String> place(ChrootRoot root, RenderedImage rendered, Map<String, String> testOnly)
            throws IOException, InterruptedException {
        Path folder = root.path(WORKDIR);
        root.deleteRecursively(folder);
        Files.createDirectories(folder);
        try (var files = Files.list(rendered.scriptsDir())) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Map<String, String> env = new LinkedHashMap<>(rendered.provisioningEnvironment());
        env.putAll(testOnly);
        if ("true".equals(env.get("AWS_EBS_AUTOSCALE"))) {
            EbsAutoscalerSource.writeTarball(root.path(WORKDIR + "/amazon-ebs-autoscale.tar.gz"));
        }
        return env;
    }
}
