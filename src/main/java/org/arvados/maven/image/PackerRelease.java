package org.arvados.maven.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packer release a template is rendered for: which keys its builders know decides what the template
 * may say. An unknown version (a dry run without packer) is taken as the newest.
 *
 * @param version as {@code packer version} prints it without the v, e.g. 1.6.6, or "unknown"
 */
public record PackerRelease(String version) {
    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    public PackerRelease {
        version = version == null || version.isBlank() ? "unknown" : version.trim();
    }

    public boolean known() {
        return NUMBERS.matcher(version).matches();
    }

    /** Whether this release is {@code major.minor} or later; an unknown release counts as the newest. */
    public boolean atLeast(int major, int minor) {
        Matcher matcher = NUMBERS.matcher(version);
        if (!matcher.matches()) {
            return true;
        }
        int ownMajor = Integer.parseInt(matcher.group(1));
        int ownMinor = Integer.parseInt(matcher.group(2));
        return ownMajor > major || (ownMajor == major && ownMinor >= minor);
    }

    /** From 1.10 the cloud builders come from plugins installed with {@code packer plugins install}. */
    public boolean externalPlugins() {
        return atLeast(1, 10);
    }
}
