package org.arvados.maven.packer;

/** Orders plugin versions major.minor.patch by number (1.10.0 after 1.9.9). */
public final class PluginVersions {
    private PluginVersions() {
    }

    public static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int order = Integer.compare(Integer.parseInt(a[i]), Integer.parseInt(b[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
