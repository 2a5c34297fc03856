package org.arvados.maven.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Layout corners of the editor, each on a tiny document. */
class ConfigEditorTest {
    private static final List<String> IMAGE = List.of("Clusters", "zzzzz", "Containers", "CloudVMs", "ImageID");

    private static String edit(String text, ConfigEdit... edits) {
        return ConfigEditor.edit(text, List.of(edits), "t.yml").text();
    }

    @Test
    void byteOrderMarkStays() {
        String text = "\uFEFFClusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        ImageID: ami-1 # c\n";
        assertThat(edit(text, ConfigEdit.set(IMAGE, "ami-2"))).isEqualTo(text.replace("ami-1", "ami-2"));
    }

    @Test
    void emptyValueAtTheEndOfAFileWithoutNewline() {
        assertThat(edit("Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        ImageID:", ConfigEdit.set(IMAGE, "ami-2")))
                .isEqualTo("Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        ImageID: ami-2");
    }

    /**
     * Found by the config.yml fuzz target: a key added after a block scalar that ends the file without a line break
     * gave the scalar one (the final check refused the edit); the key goes before the last one instead.
     */
    @Test
    void blockScalarEndingTheFileWithoutNewlineKeepsItsValue() {
        for (String indicator : List.of("|", ">")) {
            String text = "Clusters:\n  zzzzz:\n    Containers:\n      DispatchPrivateKey: " + indicator + "\n        abc";
            assertThat(edit(text, ConfigEdit.set(IMAGE, "ami-2"))).isEqualTo("Clusters:\n  zzzzz:\n    Containers:\n"
                    + "      CloudVMs:\n        ImageID: ami-2\n      DispatchPrivateKey: " + indicator + "\n        abc");
        }
    }

    /**
     * Found by the config.yml fuzz target: trailing lines that belong to a block scalar (kept line breaks of |+, a
     * line of spaces deeper than its indentation) were taken for blank lines after it, so a key added there cut them
     * off (the final check refused the edit); the key now goes after them.
     */
    @Test
    void trailingLinesOfABlockScalarStayItsOwn() {
        String kept = "Clusters:\n  zzzzz:\n    Containers:\n      K: |+\n        abc\n\n\n";
        assertThat(edit(kept, ConfigEdit.set(IMAGE, "ami-2"))).isEqualTo(kept + "      CloudVMs:\n        ImageID: ami-2\n");
        String spaces = "Clusters:\n  zzzzz:\n    Containers:\n      K: >\n        abc\n            \n";
        assertThat(edit(spaces, ConfigEdit.set(IMAGE, "ami-2"))).isEqualTo(spaces + "      CloudVMs:\n        ImageID: ami-2\n");
    }

    @Test
    void nullSectionGetsItsKeysBelowAndKeepsItsComment() {
        assertThat(edit("Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs: ~   # none yet\n    X: 1\n", ConfigEdit.set(IMAGE, "ami-2")))
                .isEqualTo("Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:    # none yet\n        ImageID: ami-2\n    X: 1\n");
    }

    @Test
    void flowStyleAllTheWay() {
        assertThat(edit("Clusters: {zzzzz: {Containers: {}}}\n", ConfigEdit.set(IMAGE, "ami-2")))
                .isEqualTo("Clusters: {zzzzz: {Containers: {CloudVMs: {ImageID: ami-2}}}}\n");
    }

    @Test
    void explicitTagAndQuoteStyleStay() {
        String text = "Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        ImageID: !!str 'ami-1'\n        SSHPort: \"22\"\n";
        assertThat(edit(text, ConfigEdit.set(IMAGE, "ami-2"),
                ConfigEdit.set(List.of("Clusters", "zzzzz", "Containers", "CloudVMs", "SSHPort"), "2222")))
                .isEqualTo(text.replace("'ami-1'", "'ami-2'").replace("\"22\"", "\"2222\""));
    }

    @Test
    void plainValueThatWouldReadAsAnotherTypeGetsQuotes() {
        String text = "a:\n  b: x   # c\n";
        assertThat(edit(text, ConfigEdit.set(List.of("a", "b"), "true"))).isEqualTo("a:\n  b: \"true\"   # c\n");
        assertThat(edit(text, ConfigEdit.set(List.of("a", "b"), "a: b"))).isEqualTo("a:\n  b: \"a: b\"   # c\n");
    }

    @Test
    void foldedScalarBecomesLiteralForSeveralLines() {
        String text = "k: >   # folded\n  abc\nx: 1\n";
        assertThat(edit(text, ConfigEdit.set(List.of("k"), "one\ntwo\n"))).isEqualTo("k: |   # folded\n  one\n  two\nx: 1\n");
    }

    @Test
    void removalTakesTheTrailingCommentButNotTheNextComment() {
        String text = "a:\n  b: 1   # gone with b\n  # stays\n  c: 2\n";
        assertThat(edit(text, ConfigEdit.remove(List.of("a", "b")))).isEqualTo("a:\n  # stays\n  c: 2\n");
    }

    @Test
    void removingTheLastEntryOfAFlowMapping() {
        assertThat(edit("a: {b: 1, c: 2}\n", ConfigEdit.remove(List.of("a", "c")))).isEqualTo("a: {b: 1}\n");
        assertThat(edit("a: {b: 1, c: 2}\n", ConfigEdit.remove(List.of("a", "b")))).isEqualTo("a: {c: 2}\n");
    }

    @Test
    void insertionGoesAfterABlockScalarAndItsBlankLines() {
        String text = "a:\n  key: |\n    PEM\n\n  # next\nb: 1\n";
        assertThat(edit(text, ConfigEdit.set(List.of("a", "new"), "v")))
                .isEqualTo("a:\n  key: |\n    PEM\n  new: v\n\n  # next\nb: 1\n");
    }

    @Test
    void noChangeReturnsTheSameText() {
        String text = "a:\n  b: \"v\"\n";
        ConfigEditor.Result result = ConfigEditor.edit(text, List.of(ConfigEdit.set(List.of("a", "b"), "v")), "t.yml");
        assertThat(result.changed()).isFalse();
        assertThat(result.text()).isSameAs(text);
    }
}
