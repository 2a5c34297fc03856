package org.arvados.maven.image;

/**
 * A settings.xml {@code <server>} as the mojo found it by serverId: AWS username = access key ID and
 * password = secret key; Azure username = client ID and password = client secret.
 */
public record ServerCredentials(String id, String username, String password) {
    @Override
    public String toString() {
        // Never print the password, whatever logs or exception messages this record reaches.
        return "ServerCredentials[id=" + id + ", username=****, password=****]";
    }
}
