package org.arvados.maven;

import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.image.ServerCredentials;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds a settings.xml {@code <server>} and decrypts it with Maven's SettingsDecrypter. Maven 3 leaves the
 * decryption to it (settings-security.xml). Maven 4 decrypts settings.xml itself while reading it (its mvnenc
 * format and, with settings-security.xml, Maven 3's) and stops the build on a password it cannot decrypt;
 * its SettingsDecrypter then returns the plain password unchanged. Messages name the server id and the POM
 * element, never a password.
 */
final class SettingsServers {
    private SettingsServers() {
    }

    static ServerCredentials lookup(Settings settings, SettingsDecrypter decrypter, String serverId, String pomElement) {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            List<Server> servers = settings == null ? List.of() : settings.getServers();
            String known = servers.isEmpty() ? "none"
                    : servers.stream().map(Server::getId).collect(Collectors.joining(", "));
            throw new InvalidInputException(pomElement + ": settings.xml has no <server> with id '" + serverId
                    + "' (server ids there: " + known + "); add one or fix the id.");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        List<SettingsProblem> errors = result.getProblems().stream()
                .filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING)
                .toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(pomElement + ": cannot decrypt the password of settings.xml server '"
                    + serverId + "' (" + errors.get(0).getMessage()
                    + "); check the master password in " + securityFile()
                    + " or re-encrypt the password with mvn --encrypt-password.");
        }
        Server decrypted = result.getServer();
        if (isBlank(decrypted.getUsername()) || isBlank(decrypted.getPassword())) {
            throw new InvalidInputException(pomElement + ": settings.xml server '" + serverId
                    + "' needs both <username> and <password>.");
        }
        return new ServerCredentials(serverId, decrypted.getUsername(), decrypted.getPassword());
    }

    /** The file Maven takes the master password from: -Dsettings.security (from Maven's folder), else the default. */
    private static String securityFile() {
        String property = System.getProperty("settings.security");
        if (property == null) {
            return "~/.m2/settings-security.xml";
        }
        return property.startsWith("~") ? property : Path.of(property).toAbsolutePath().normalize().toString();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
