package org.arvados.maven.image;

import org.arvados.maven.packer.OnError;


import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link ImageRenderer#render} wrote.
 *
 * @param cloud        aws, azure or gcp
 * @param dir          {@code <outputDir>/<cloud>}
 * @param template     dir/template.json
 * @param varFile      dir/packer-vars.json (0600; non-secret values only; delete it after the run)
 * @param scriptsDir   dir/scripts
 * @param manifestFile dir/packer-manifest.json, where packer's manifest post-processor writes
 * @param inputsHash   SHA-256 hex of the inputs (see {@link InputsHash}); also the image's tag
 * @param variables    every packer user variable and its value (none is secret), inputs_hash included
 * @param onError      for {@code packer build -on-error=}
 * @param keyFingerprint the fingerprint of the dispatcher public key in scripts/
 * @param sideFiles    files written beside the cloud folders (e.g. the EBS autoscaler's IAM policy)
 */
public record RenderedImage(
        String cloud,
        Path dir,
        Path template,
        Path varFile,
        Path scriptsDir,
        Path manifestFile,
        String inputsHash,
        SortedMap<String, String> variables,
        OnError onError,
        String keyFingerprint,
        List<Path> sideFiles) {

    public RenderedImage {
        variables = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(variables));
        sideFiles = List.copyOf(sideFiles);
    }

    /** The environment the template gives provision.sh (the contract's variable -> this render's value). */
    public SortedMap<String, String> provisioningEnvironment() {
        SortedMap<String, String> environment = new TreeMap<>();
        ImageRenderer.PROVISIONING_ENVIRONMENT.forEach((name, variable) -> environment.put(name, variables.get(variable)));
        return environment;
    }
}
