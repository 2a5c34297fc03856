package org.arvados.maven.ledger;

import org.arvados.maven.common.InvalidInputException;

import java.util.Optional;

/**
 * One entry of a ledger as check-config, update-config, cloudtest and the up-to-date check read it. The ledger is
 * committed and edited by hand, so a field a reader needs may be missing: each is read here, and a missing one is a
 * one-line error naming the ledger file, the entry and the field.
 *
 * @param ledger the ledger the entry is in
 * @param image  the entry
 */
public record LedgerEntry(Ledger ledger, ImageRecord image) {
    /**
     * What the image was provisioned with; null for an entry of an earlier version, which does not say. Every version
     * that writes builtWith writes its admin user, SSH port, runtime, GPU support and EBS autoscale, so one of them
     * missing is a damaged entry, not an unknown value: guessing it would pass or refuse a config.yml on a value no
     * one recorded. The key's fingerprint and the instance profile may be absent (unknown, or none).
     */
    public ImageRecord.BuiltWith builtWith() {
        ImageRecord.BuiltWith built = image.builtWith();
        if (built != null) {
            require("builtWith.adminUsername", built.adminUsername(), "\"adminUsername\": \"crunch\"");
            require("builtWith.sshPort", built.sshPort(), "\"sshPort\": 22");
            require("builtWith.runtimeEngine", built.runtimeEngine(), "\"runtimeEngine\": \"docker\"");
            require("builtWith.nvidiaGpuSupport", built.nvidiaGpuSupport(), "\"nvidiaGpuSupport\": false");
            require("builtWith.ebsAutoscale", built.ebsAutoscale(), "\"ebsAutoscale\": false");
        }
        return built;
    }

    /** The Azure Compute Gallery version the build published, with every field config.yml takes; null for none. */
    public ImageRecord.Gallery gallery() {
        ImageRecord.Gallery gallery = image.gallery();
        if (gallery != null) {
            require("gallery.name", gallery.name(), "\"name\": \"<the gallery>\"");
            require("gallery.resourceGroup", gallery.resourceGroup(), "\"resourceGroup\": \"<the gallery's group>\"");
            require("gallery.imageDefinition", gallery.imageDefinition(), "\"imageDefinition\": \"<the definition>\"");
            require("gallery.imageVersion", gallery.imageVersion(), "\"imageVersion\": \"1.0.0\"");
        }
        return gallery;
    }

    /** {@link ImageRecord#imageIdIn}, where a copy the entry lists under {@code region} has no image ID is an error. */
    public Optional<String> imageIdIn(String region) {
        if (region != null && image.regions().containsKey(region)) {
            require("regions." + region, image.regions().get(region), "\"" + region + "\": \"ami-...\"");
        }
        return image.imageIdIn(region);
    }

    /**
     * The hash of the inputs the image was built from; an error where it is missing, since the image's inputs are
     * then unknown and a silent rebuild would cost hours and money.
     */
    public String inputsHash() {
        if (image.inputsHash() == null) {
            throw missing("inputsHash", "whether the image is up to date with these inputs is unknown: restore the"
                    + " file from version control, or set arvados.force=true to build anew");
        }
        return image.inputsHash();
    }

    private void require(String field, Object value, String example) {
        if (value == null) {
            throw missing(field, "add it as the image was built (e.g. " + example + "), or restore the file from"
                    + " version control");
        }
    }

    private InvalidInputException missing(String field, String fix) {
        return new InvalidInputException("The image ledger " + ledger.file() + " (arvados.ledgerFile): entry "
                + (ledger.images().indexOf(image) + 1) + " (image " + image.imageId() + ", built " + image.builtAt()
                + ") has no " + field + ": " + fix + ".");
    }
}
