package org.arvados.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * What every goal shares: {@code skip}, the project, the log adapter, and one place that turns core
 * exceptions into Maven's failures (bad input is the user's to fix: a failure, not an error).
 */
abstract class AbstractArvadosMojo extends AbstractMojo {
    /**
     * Skips this goal, and every other goal of this plugin that reads {@code arvados.skip} (it logs that it skipped
     * and why). To skip one goal alone, set its own property, {@code arvados.<goal>.skip} (arvados.keypair.skip,
     * arvados.aws-image.skip, arvados.cloudtest.skip, ...), on the command line or in the POM's properties.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + goalName() + ": arvados.skip is true.");
            return;
        }
        try {
            String goalSkip = goalName().replace(':', '.') + ".skip";
            // No parameter has this property, so the error names the property alone, not a POM element.
            if (Boolean.TRUE.equals(PropertyOverrides.toBoolean(properties().string(goalSkip, null),
                    () -> "The property " + goalSkip))) {
                getLog().info("Skipping " + goalName() + ": " + goalSkip + " is true.");
                return;
            }
            run(new MavenBuildLog(getLog()));
        } catch (InvalidInputException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (BuildFailedException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The goal's name as a user types it, for messages. */
    protected abstract String goalName();

    protected abstract void run(BuildLog log) throws IOException, MojoExecutionException, MojoFailureException;

    /** A parameter's value, or null where it is unset or blank (a blank {@code -Dproperty=} unsets it). */
    protected static String blankToNull(String value) {
        return Setting.blankToNull(value);
    }

    /** The command line's and the project's properties, for settings a property overrides (-Darvados.aws.region). */
    protected PropertyOverrides properties() {
        return new PropertyOverrides(session == null ? null : session.getUserProperties(),
                project == null ? null : project.getProperties());
    }

    /** Whether Maven runs offline (-o): a goal that would call the cloud refuses before it does. */
    protected boolean offline() {
        return session != null && session.isOffline();
    }

    /** Sets a project property for later goals of the same build (no-op without a project). */
    protected void setProjectProperty(String name, String value) {
        if (project != null) {
            project.getProperties().setProperty(name, value);
        }
    }

    /**
     * A file setting given as a property: relative paths are taken from the project's folder (the current one
     * without a project, where Maven's stub project has no folder). An empty value
     * ({@code -Darvados.aws.secretsFile=}) means none, not the project's folder.
     */
    protected Path path(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value);
        return path.isAbsolute() || project == null || project.getBasedir() == null ? path
                : project.getBasedir().toPath().resolve(path);
    }
}
