package org.arvados.maven.packer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plugin binary {@code packer plugins installed} lists, e.g.
 * {@code /home/u/.config/packer/plugins/github.com/hashicorp/amazon/packer-plugin-amazon_v1.3.3_x5.0_linux_amd64}.
 *
 * @param binary  the listed path
 * @param version its version without the v, e.g. 1.3.3
 */
record InstalledPlugin(Path binary, String version) {
    /** The binaries of {@code source} in the listing, in its order. */
    static List<InstalledPlugin> parse(String listing, String source) {
        Pattern line = Pattern.compile("(?m)^\\s*(\\S*/" + Pattern.quote(source)
                + "/packer-plugin-[A-Za-z0-9-]+_v(\\d+\\.\\d+\\.\\d+)_x[0-9.]+_[A-Za-z0-9_]+)\\s*$");
        Matcher matcher = line.matcher(listing == null ? "" : listing);
        List<InstalledPlugin> plugins = new ArrayList<>();
        while (matcher.find()) {
            plugins.add(new InstalledPlugin(Path.of(matcher.group(1)), matcher.group(2)));
        }
        return plugins;
    }

    boolean isIn(Path folder) {
        return binary.toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize());
    }
}
