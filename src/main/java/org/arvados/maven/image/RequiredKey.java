package org.arvados.maven.image;

/**
 * The dispatcher public key the image must get because the cluster's config.yml holds its private half: the image
 * check compares the key it reads with this one.
 *
 * @param fingerprint the key's {@code SHA256:...} fingerprint
 * @param origin      where config.yml holds the private half (Clusters.zzzzz.Containers.DispatchPrivateKey)
 */
public record RequiredKey(String fingerprint, String origin) {
}
