package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.KeyToken;
import org.yaml.snakeyaml.tokens.Token;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A YAML text and its composed node tree, with SnakeYAML's marks (which count code points) translated
 * to indexes into the Java string (which counts UTF-16 chars), so edits can replace exact spans.
 */
final class YamlDocument {
    private final String text;
    private final String source;
    private final MappingNode root;
    /** charIndex[i] is the char offset of code point i; one extra entry for the end of the text. */
    private final int[] charIndex;
    /** Code point index of each KeyToken -> whether it is an explicit (?) key; scanned when first needed. */
    private TreeMap<Integer, Boolean> keyTokens;

    private YamlDocument(String text, String source, MappingNode root) {
        this.text = text;
        this.source = source;
        this.root = root;
        this.charIndex = codePointOffsets(text);
    }

    /** The largest config this edits: far above any real one, and bounded. */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    /** Parses {@code text}; {@code source} names the file in error messages. */
    static YamlDocument parse(String text, String source) {
        if (text.length() > MAX_CODE_POINTS) {
            throw new InvalidInputException(source + " is larger than " + MAX_CODE_POINTS / (1024 * 1024) + " Mi"
                    + " characters, more than any Arvados config; check that arvados.configFile names config.yml.");
        }
        refuseTabIndentationAndOtherLineBreaks(text, source);
        List<Node> documents = new ArrayList<>();
        try {
            // The node graph alone, as Yaml.composeAll makes it, without the Yaml facade's constructor and
            // representer (which only turn nodes into Java objects and back).
            LoaderOptions options = loaderOptions();
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            while (composer.checkNode()) {
                documents.add(composer.getNode());
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new InvalidInputException(source + " is not valid YAML" + where + ": " + firstLine(e.getProblem())
                    + ". Fix the file (arvados.configFile) and run again.");
        } catch (YAMLException e) {
            throw new InvalidInputException(source + " is not valid YAML: " + firstLine(e.getMessage())
                    + ". Fix the file (arvados.configFile) and run again.");
        }
        if (documents.isEmpty()) {
            throw new InvalidInputException(source + " is empty (or only comments): it has no Clusters section. "
                    + "Point arvados.configFile at the cluster's config.yml.");
        }
        if (documents.size() != 1) {
            throw new UnsupportedLayoutException(source + " holds " + documents.size() + " YAML documents; "
                    + "update-config edits a file with exactly one (Arvados reads one). Split the file or edit it by hand.");
        }
        if (!(documents.get(0) instanceof MappingNode mapping)) {
            throw new InvalidInputException(source + " is not an Arvados config: its top level is not a mapping "
                    + "with a Clusters key.");
        }
        return new YamlDocument(text, source, mapping);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        // SnakeYAML's default (3 MiB) is below what a large cluster's config (inline keys, many instance types)
        // can reach; a bound stays, against a runaway file.
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /** YAML forbids tabs in indentation; a parser may still accept some layouts, but we cannot indent safely. */
    private static void refuseTabIndentationAndOtherLineBreaks(String text, String source) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '\t' && text.substring(lineStart, i).isBlank()) {
                throw new UnsupportedLayoutException(source + " line " + line + " is indented with a tab; YAML "
                        + "indentation must be spaces and update-config cannot indent new keys safely. "
                        + "Replace the tabs with spaces.");
            } else if (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')
                    || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                // YAML reads these as line breaks too; the editor finds lines by LF.
                throw new UnsupportedLayoutException(source + " line " + line + " has a line break other than LF or CRLF"
                        + " (a lone CR, NEL, LS or PS); update-config cannot place new lines safely. Convert the"
                        + " file's line ends to LF.");
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static int[] codePointOffsets(String text) {
        int count = text.codePointCount(0, text.length());
        int[] offsets = new int[count + 1];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = offset;
            offset += Character.charCount(text.codePointAt(offset));
        }
        offsets[count] = text.length();
        return offsets;
    }

    String text() {
        return text;
    }

    String source() {
        return source;
    }

    MappingNode root() {
        return root;
    }

    int start(Node node) {
        return charIndex[node.getStartMark().getIndex()];
    }

    int end(Node node) {
        return charIndex[node.getEndMark().getIndex()];
    }

    String spanText(Node node) {
        return text.substring(start(node), end(node));
    }

    /** The node at {@code path} (mapping keys from the root), if every key on the way exists. */
    Optional<Node> find(List<String> path) {
        Node node = root;
        for (String key : path) {
            if (!(node instanceof MappingNode mapping)) {
                return Optional.empty();
            }
            Optional<NodeTuple> entry = entry(mapping, key, path);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            node = entry.get().getValueNode();
        }
        return Optional.of(node);
    }

    /** The string value of the scalar at {@code path}, if there is one. */
    Optional<String> scalar(List<String> path) {
        return find(path).filter(node -> node instanceof ScalarNode && !Tag.NULL.equals(node.getTag()))
                .map(node -> ((ScalarNode) node).getValue());
    }

    /** The keys of the mapping at {@code path}, in file order (empty when it is absent or not a mapping). */
    List<String> keys(List<String> path) {
        List<String> keys = new ArrayList<>();
        find(path).filter(MappingNode.class::isInstance).ifPresent(node -> {
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    keys.add(key.getValue());
                }
            }
        });
        return keys;
    }

    /** The value node under {@code key} in {@code mapping}, refusing merge keys that could hide it. */
    Optional<NodeTuple> entry(MappingNode mapping, String key, List<String> pathForMessages) {
        NodeTuple found = null;
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (Tag.MERGE.equals(keyNode.getTag())) {
                throw unsupported(pathForMessages, "a merge key (<<) at line " + line(keyNode));
            }
            // An explicit key (? ...) can be empty or a whole mapping; no Arvados config has one.
            if (!(keyNode instanceof ScalarNode) || Tag.NULL.equals(keyNode.getTag()) || explicitKey(keyNode)) {
                throw unsupported(pathForMessages, "a key that is empty or not a plain name (? ...) at line "
                        + line(keyNode));
            }
            if (keyNode instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                if (found != null) {
                    throw new UnsupportedLayoutException(source + " has the duplicate key " + key + " at lines "
                            + line(found.getKeyNode()) + " and " + line(keyNode) + "; which one counts is unclear. "
                            + "Remove one of them.");
                }
                found = tuple;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Whether the key was written with the ? indicator. SnakeYAML's scanner marks each key with a KeyToken just
     * before it: one character wide for {@code ?}, empty for a plain key.
     */
    private boolean explicitKey(Node key) {
        if (keyTokens == null) {
            keyTokens = new TreeMap<>();
            if (text.indexOf('?') >= 0) {
                // The text parsed once already, so the scanner meets no error here.
                ScannerImpl scanner = new ScannerImpl(new StreamReader(new StringReader(text)), loaderOptions());
                while (!scanner.checkToken(Token.ID.StreamEnd)) {
                    Token token = scanner.getToken();
                    if (token instanceof KeyToken) {
                        keyTokens.put(token.getStartMark().getIndex(),
                                token.getEndMark().getIndex() > token.getStartMark().getIndex());
                    }
                }
            }
        }
        Map.Entry<Integer, Boolean> own = keyTokens.floorEntry(key.getStartMark().getIndex());
        return own != null && own.getValue();
    }

    /** An anchor on a node we edit or pass through means an alias elsewhere would change too. */
    void refuseAnchor(Node node, List<String> pathForMessages) {
        if (node.getAnchor() != null) {
            throw unsupported(pathForMessages, "an anchor or alias (&" + node.getAnchor() + ") at line " + line(node));
        }
    }

    UnsupportedLayoutException unsupported(List<String> path, String what) {
        return new UnsupportedLayoutException(source + ": cannot edit " + String.join(".", path) + " safely: "
                + "the path goes through " + what + ". Edit that part by hand, or expand it to plain mappings.");
    }

    int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** The line separator new lines get: CRLF when the file uses it. */
    String lineSeparator() {
        int newline = text.indexOf('\n');
        return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    int lineStart(int index) {
        return text.lastIndexOf('\n', index - 1) + 1;
    }

    /** Index just after the line break of the line holding {@code index} (or the end of the text). */
    int nextLineStart(int index) {
        int newline = text.indexOf('\n', index);
        return newline < 0 ? text.length() : newline + 1;
    }

    /** Column (in chars) of {@code index} within its line. */
    int column(int index) {
        return index - lineStart(index);
    }
}
