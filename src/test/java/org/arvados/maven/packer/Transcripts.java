package org.arvados.maven.packer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real packer 1.6.6 transcripts under src/test/resources/packer/transcripts. */
final class Transcripts {
    static final String SUCCESS = "packer-1.6.6-build-null-file-manifest.txt";
    static final String FAILURE = "packer-1.6.6-build-failure.txt";
    static final String SIGTERM = "packer-1.6.6-sigterm-cancel.txt";

    private Transcripts() {
    }

    static List<String> lines(String name) {
        return text(name).lines().toList();
    }

    static String text(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream("/packer/transcripts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
