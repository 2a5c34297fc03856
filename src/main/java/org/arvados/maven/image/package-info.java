/**
 * Compute image rendering, plain Java (no Maven): shared settings ({@link org.arvados.maven.image.ImageSpec}),
 * one small class per cloud ({@link org.arvados.maven.image.AwsImage}, {@link org.arvados.maven.image.AzureImage},
 * {@link org.arvados.maven.image.GcpImage}, behind {@link org.arvados.maven.image.CloudImage}), and
 * {@link org.arvados.maven.image.ImageRenderer}, which validates everything first and then writes
 * {@code <outputDir>/<cloud>/} template.json, packer-vars.json (0600) and scripts/.
 *
 * <p>Typical use by a mojo:
 * <pre>{@code
 * CloudImage cloud = new AwsImage(awsSettings);
 * RenderedImage image = ImageRenderer.render(spec, cloud, outputDir, packerVersion); // InvalidInputException
 * Map<String, String> env = cloud.packerEnvironment(serverOrNull);                   // secrets: env only
 * SecretMasker masker = new SecretMasker(cloud.secretValues(env));
 * runner.run(image.buildCommand(packer), env, ...);
 * ImageLocation where = cloud.locate(artifactId);                                    // -> ImageRecord
 * }</pre>
 */
package org.arvados.maven.image;
