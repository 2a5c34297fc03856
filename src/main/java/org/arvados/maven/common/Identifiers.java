package org.arvados.maven.common;

import java.util.regex.Pattern;

/** Forms of the identifiers several goals check, in one place so the goals agree on them. */
public final class Identifiers {
    /** An Arvados cluster ID: five lowercase letters or digits. */
    public static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]{5}");
    /** A Linux user name (useradd's portable form). */
    public static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    /** An AWS AMI ID: ami- and 8 or 17 lowercase hex digits. */
    public static final Pattern AMI = Pattern.compile("ami-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    /** A GCP resource name (images, image families): RFC 1035, at most 63 characters. */
    public static final Pattern GCP_NAME = Pattern.compile("[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?");

    private Identifiers() {
    }
}
