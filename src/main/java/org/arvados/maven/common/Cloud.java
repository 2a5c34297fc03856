package org.arvados.maven.common;

import java.util.Locale;

/**
 * The clouds the plugin builds images for, each by the one name its POM element ({@code <aws>}), properties
 * ({@code arvados.aws.*}), output folder, goal and image record use.
 */
public enum Cloud {
    AWS, AZURE, GCP;

    /** aws, azure or gcp. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code AWS.setting("region")} is {@code <aws><region> (arvados.aws.region)}. */
    public String setting(String... path) {
        return Setting.element(Setting.concat(id(), path));
    }

    /** {@code AWS.property("region")} is {@code arvados.aws.region}. */
    public String property(String... path) {
        return Setting.property(Setting.concat(id(), path));
    }
}
