/**
 * Running packer: {@link org.arvados.maven.packer.PackerExecutable} finds it (PATH or a path), knows its
 * version, installs a cloud plugin where packer 1.10+ needs one, validates a template and builds it.
 * A build's stdout is parsed line by line as it arrives ({@link org.arvados.maven.packer.MachineReadableParser}),
 * logged with the elapsed time and secrets masked, and written (masked) to packer.log; memory stays flat.
 * {@link org.arvados.maven.packer.RunningBuild} stops a build only by SIGTERM first, so packer deletes the
 * cloud resources it made, from a JVM shutdown hook, {@code cancel()} or the timeout alike.
 * {@link org.arvados.maven.packer.Manifest} reads the last run of the manifest post-processor's file.
 * Plain Java: nothing here imports Maven.
 */
package org.arvados.maven.packer;
