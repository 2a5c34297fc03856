package org.arvados.maven.config;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Identifiers;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** What config.yml needs to know per cloud: the image ID's form and the dispatcher's driver name. */
public enum TargetCloud {
    AWS(Cloud.AWS, "ec2", Identifiers.AMI,
            "an AMI ID: ami- and 8 or 17 hex digits, e.g. ami-0123456789abcdef0"),
    AZURE(Cloud.AZURE, "azure", Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?"),
            "a managed image name: 1-80 letters, digits, _ . -, starting with a letter or digit and not ending in . or -,"
                    + " e.g. zzzzz-compute-v1767225600"),
    /** Arvados' dispatcher has no GCP driver; the image ID is still written for operators who add one. */
    GCP(Cloud.GCP, null, Identifiers.GCP_NAME,
            "a GCP image name: 1-63 lowercase letters, digits and -, starting with a letter, e.g. arvados-zzzzz-compute-1767225600");

    private final Cloud cloud;
    private final String driver;
    private final Pattern imageIdForm;
    private final String imageIdDescription;

    TargetCloud(Cloud cloud, String driver, Pattern imageIdForm, String imageIdDescription) {
        this.cloud = cloud;
        this.driver = driver;
        this.imageIdForm = imageIdForm;
        this.imageIdDescription = imageIdDescription;
    }

    public String id() {
        return cloud.id();
    }

    /** The value of Containers.CloudVMs.Driver for this cloud, if Arvados has a driver for it. */
    public Optional<String> driver() {
        return Optional.ofNullable(driver);
    }

    public boolean fits(String imageId) {
        return imageIdForm.matcher(imageId).matches();
    }

    public String imageIdDescription() {
        return imageIdDescription;
    }

    public static Optional<TargetCloud> byId(String id) {
        return Arrays.stream(values()).filter(cloud -> cloud.id().equals(id)).findFirst();
    }

    /** The cloud of a Containers.CloudVMs.Driver value. */
    public static Optional<TargetCloud> byDriver(String driver) {
        return Arrays.stream(values()).filter(cloud -> driver.equals(cloud.driver)).findFirst();
    }

    /** Only an AMI ID says which cloud it is for; Azure and GCP names overlap. */
    public static Optional<TargetCloud> recognisedFrom(String imageId) {
        return AWS.fits(imageId) ? Optional.of(AWS) : Optional.empty();
    }
}
