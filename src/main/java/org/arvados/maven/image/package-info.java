/**
 * Compute images, plain Java (no Maven): shared settings ({@link org.arvados.maven.image.ImageSpec}), one
 * small class per cloud ({@link org.arvados.maven.image.AwsImage}, {@link org.arvados.maven.image.AzureImage},
 * {@link org.arvados.maven.image.GcpImage}, behind {@link org.arvados.maven.image.CloudImage}),
 * {@link org.arvados.maven.image.ImageRenderer}, which validates everything first and then writes
 * {@code <outputDir>/<cloud>/} template.json, packer-vars.json (0600) and scripts/, and
 * {@link org.arvados.maven.image.ImagePipeline}, which takes one {@link org.arvados.maven.image.ImageRequest}
 * from settings to a recorded image:
 * <pre>{@code
 * ImagePipeline.Outcome outcome = new ImagePipeline(Clock.systemUTC()).run(
 *         new ImageRequest(spec, new AwsImage(awsSettings), serverLookup, outputDir, ledgerFile, "packer",
 *                 dryRun, force, offline, timeout, cleanupTimeout), log);
 * outcome.image().ifPresent(image -> ...);   // the ImageRecord, also in <cloud>-image.json and the ledger
 * }</pre>
 */
package org.arvados.maven.image;
