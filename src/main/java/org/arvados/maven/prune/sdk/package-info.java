/**
 * The classes of prune-images that link against the clouds' SDKs: the AWS deleter and its credentials, Google's
 * sign-in. {@link org.arvados.maven.prune.SdkClassLoader} defines them beside the SDKs' jars, which are not on the
 * plugin's class path; the rest of the plugin reaches them through {@link org.arvados.maven.prune.CloudSdks}.
 */
package org.arvados.maven.prune.sdk;
