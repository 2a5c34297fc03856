package org.arvados.maven.config;

import org.arvados.maven.config.ScalarRenderer.BlockScalar;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes a new YAML text from an original and a list of {@link ConfigEdit}s by replacing only the
 * spans of the nodes concerned: comments, quoting, key order, flow and block styles and line ends
 * elsewhere stay byte-identical. Each edit re-parses the text, so later edits see earlier insertions.
 * The result is parsed once more and compared with the original tree plus the edits
 * ({@link TreeCheck}); any other difference aborts.
 */
public final class ConfigEditor {
    private static final Pattern BLOCK_INDICATOR = Pattern.compile("^[|>][-+0-9]*");

    private ConfigEditor() {
    }

    /** The edited text and what changed; the text is unchanged (same string) when nothing had to change. */
    public record Result(String text, List<ConfigChange> changes) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    /** A replacement of {@code [start, end)} of the text. */
    private record Splice(int start, int end, String replacement) {
    }

    /**
     * Applies {@code edits} to {@code text}; {@code source} names the file in messages.
     *
     * @throws UnsupportedLayoutException when a path runs through a layout that cannot be edited safely
     * @throws org.arvados.maven.common.InvalidInputException when the text is not YAML
     */
    public static Result edit(String text, List<ConfigEdit> edits, String source) {
        YamlDocument original = YamlDocument.parse(text, source);
        String current = text;
        YamlDocument document = original;
        List<ConfigChange> changes = new ArrayList<>();
        for (ConfigEdit edit : edits) {
            if (document == null) {
                document = YamlDocument.parse(current, source); // only after a change: marks must be current
            }
            Optional<Edited> edited = new Planner(document, edit).plan();
            if (edited.isPresent()) {
                current = apply(current, edited.get().splices());
                changes.add(edited.get().change());
                document = null;
            }
        }
        if (!changes.isEmpty()) {
            TreeCheck.verify(original, YamlDocument.parse(current, source), edits);
        }
        return new Result(changes.isEmpty() ? text : current, List.copyOf(changes));
    }

    private static String apply(String text, List<Splice> splices) {
        StringBuilder out = new StringBuilder(text);
        List<Splice> backwards = new ArrayList<>(splices);
        backwards.sort(Comparator.comparingInt(Splice::start).reversed());
        for (Splice splice : backwards) {
            out.replace(splice.start(), splice.end(), splice.replacement());
        }
        return out.toString();
    }

    private record Edited(List<Splice> splices, ConfigChange change) {
    }

    /** Finds where one edit goes and what text it takes. */
    private static final class Planner {
        private final YamlDocument doc;
        private final String text;
        private final ConfigEdit edit;
        private final List<String> path;
        private final String newline;

        Planner(YamlDocument doc, ConfigEdit edit) {
            this.doc = doc;
            this.text = doc.text();
            this.edit = edit;
            this.path = edit.path();
            this.newline = doc.lineSeparator();
        }

        Optional<Edited> plan() {
            MappingNode mapping = doc.root();
            doc.refuseAnchor(mapping, path);
            for (int depth = 0; depth < path.size() - 1; depth++) {
                Optional<NodeTuple> entry = doc.entry(mapping, path.get(depth), path);
                if (entry.isEmpty()) {
                    return edit.isRemoval() ? Optional.empty() : insertInto(mapping, path.subList(depth, path.size()));
                }
                Node value = entry.get().getValueNode();
                doc.refuseAnchor(entry.get().getKeyNode(), path);
                doc.refuseAnchor(value, path);
                if (value instanceof MappingNode child) {
                    mapping = child;
                } else if (isNull(value)) {
                    return edit.isRemoval() ? Optional.empty()
                            : fillNull(mapping, entry.get(), path.subList(depth + 1, path.size()));
                } else {
                    throw notAMapping(path.subList(0, depth + 1), value);
                }
            }
            Optional<NodeTuple> leaf = doc.entry(mapping, edit.key(), path);
            if (edit.isRemoval()) {
                MappingNode parent = mapping;
                return leaf.map(tuple -> remove(parent, tuple));
            }
            if (leaf.isEmpty()) {
                return insertInto(mapping, List.of(edit.key()));
            }
            doc.refuseAnchor(leaf.get().getKeyNode(), path);
            doc.refuseAnchor(leaf.get().getValueNode(), path);
            return replace(mapping, leaf.get());
        }

        private UnsupportedLayoutException notAMapping(List<String> at, Node value) {
            return new UnsupportedLayoutException(doc.source() + ": cannot set " + edit.dottedPath() + ": "
                    + String.join(".", at) + " at line " + doc.line(value) + " is " + kind(value)
                    + ", not a mapping. Fix that key by hand.");
        }

        private static String kind(Node node) {
            return node instanceof SequenceNode ? "a list" : node instanceof MappingNode ? "a mapping" : "a single value";
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
        }

        // ---- replacing an existing value

        private Optional<Edited> replace(MappingNode parent, NodeTuple tuple) {
            Node node = tuple.getValueNode();
            if (!(node instanceof ScalarNode scalar)) {
                throw new UnsupportedLayoutException(doc.source() + ": cannot set " + edit.dottedPath()
                        + ": at line " + doc.line(node) + " it holds " + kind(node)
                        + ", not a single value. Fix it by hand.");
            }
            if (Tag.STR.equals(scalar.getTag()) && scalar.getValue().equals(edit.value())) {
                return Optional.empty();
            }
            String old = isNull(scalar) ? null : scalar.getValue();
            ConfigChange change = new ConfigChange(edit.dottedPath(), old, edit.value());
            boolean inFlow = parent.getFlowStyle() == FlowStyle.FLOW;
            int start = skipTag(doc.start(scalar));
            if (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
                return Optional.of(new Edited(List.of(replaceBlock(scalar, start, tuple)), change));
            }
            String rendered = ScalarRenderer.flow(edit.value(), scalar.getScalarStyle(), inFlow);
            int end = doc.end(scalar);
            if (start == end && start > 0 && text.charAt(start - 1) == ':') {
                rendered = " " + rendered; // "Key:" with no value at all
            }
            return Optional.of(new Edited(List.of(new Splice(start, end, rendered)), change));
        }

        /** Explicit tags ({@code !!str x}) stay; only the scalar after them is replaced. */
        private int skipTag(int start) {
            if (start >= text.length() || text.charAt(start) != '!') {
                return start;
            }
            int at = start;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
            return at;
        }

        /** A block scalar stays a block scalar (same indentation, header comment kept) when it can. */
        private Splice replaceBlock(ScalarNode scalar, int start, NodeTuple tuple) {
            int contentEnd = contentEnd(scalar);
            int headerEnd = lineEndBeforeBreak(start);
            String header = text.substring(start, headerEnd);
            Matcher indicator = BLOCK_INDICATOR.matcher(header);
            String headerRest = indicator.find() ? header.substring(indicator.end()) : "";
            BlockScalar block = ScalarRenderer.block(edit.value(), scalar.getScalarStyle());
            if (block == null) {
                return new Splice(start, contentEnd, ScalarRenderer.doubleQuoted(edit.value()) + headerRest + newline);
            }
            String indent = " ".repeat(blockContentIndent(scalar, headerEnd, tuple));
            StringBuilder out = new StringBuilder(block.header()).append(headerRest).append(newline);
            for (String line : block.lines()) {
                out.append(line.isEmpty() ? "" : indent + line).append(newline);
            }
            return new Splice(start, contentEnd, out.toString());
        }

        private int blockContentIndent(ScalarNode scalar, int headerEnd, NodeTuple tuple) {
            int at = doc.nextLineStart(headerEnd);
            int end = doc.end(scalar);
            while (at < end) {
                int lineEnd = lineEndBeforeBreak(at);
                String line = text.substring(at, lineEnd);
                if (!line.isBlank()) {
                    return line.length() - line.stripLeading().length();
                }
                at = doc.nextLineStart(at);
            }
            return doc.column(doc.start(tuple.getKeyNode())) + indentStep();
        }

        private int lineEndBeforeBreak(int index) {
            int newline = text.indexOf('\n', index);
            if (newline < 0) {
                return text.length();
            }
            return newline > 0 && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
        }

        // ---- inserting missing keys

        private Optional<Edited> insertInto(MappingNode mapping, List<String> keys) {
            ConfigChange change = new ConfigChange(edit.dottedPath(), null, edit.value());
            if (mapping.getFlowStyle() == FlowStyle.FLOW) {
                String entry = flowChain(keys);
                List<NodeTuple> tuples = mapping.getValue();
                Splice splice = tuples.isEmpty()
                        ? new Splice(doc.end(mapping) - 1, doc.end(mapping) - 1, entry)
                        : insertAt(contentEnd(tuples.get(tuples.size() - 1).getValueNode()), ", " + entry);
                return Optional.of(new Edited(List.of(splice), change));
            }
            int indent = doc.column(doc.start(mapping.getValue().get(0).getKeyNode()));
            int at = lineAfter(contentEnd(mapping));
            if (at == text.length() && !text.endsWith("\n") && endsInBlockScalar(mapping)) {
                // The file ends in a block scalar without a final line break: a line after it would add one to the
                // scalar's value, so the new key goes before the mapping's last key instead.
                List<NodeTuple> tuples = mapping.getValue();
                at = doc.lineStart(doc.start(tuples.get(tuples.size() - 1).getKeyNode()));
            }
            return Optional.of(new Edited(List.of(insertLines(at, blockChain(keys, indent))), change));
        }

        /** Whether the last value under {@code node} (following last entries down) is a | or > block scalar. */
        private static boolean endsInBlockScalar(Node node) {
            Node last = node;
            while (true) {
                if (last instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                    last = mapping.getValue().get(mapping.getValue().size() - 1).getValueNode();
                } else if (last instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
                    last = sequence.getValue().get(sequence.getValue().size() - 1);
                } else {
                    return last instanceof ScalarNode scalar && (scalar.getScalarStyle() == ScalarStyle.LITERAL
                            || scalar.getScalarStyle() == ScalarStyle.FOLDED);
                }
            }
        }

        /** {@code Key: ~} or {@code Key:} where a mapping is needed: the null goes, the keys come under it. */
        private Optional<Edited> fillNull(MappingNode parent, NodeTuple tuple, List<String> keys) {
            ConfigChange change = new ConfigChange(edit.dottedPath(), null, edit.value());
            Node nullNode = tuple.getValueNode();
            int start = doc.start(nullNode);
            int end = doc.end(nullNode);
            if (parent.getFlowStyle() == FlowStyle.FLOW) {
                String prefix = start == end ? " " : "";
                return Optional.of(new Edited(List.of(new Splice(start, end, prefix + "{" + flowChain(keys) + "}")), change));
            }
            int indent = doc.column(doc.start(tuple.getKeyNode())) + indentStep();
            List<Splice> splices = new ArrayList<>();
            if (start != end) {
                splices.add(new Splice(start, end, ""));
            }
            splices.add(insertLines(doc.nextLineStart(end), blockChain(keys, indent)));
            return Optional.of(new Edited(splices, change));
        }

        private List<String> blockChain(List<String> keys, int indent) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = " ".repeat(indent + i * indentStep()) + ScalarRenderer.flow(keys.get(i), ScalarStyle.PLAIN, false) + ":";
                lines.add(i == keys.size() - 1 ? key + " " + ScalarRenderer.flow(edit.value(), ScalarStyle.PLAIN, false) : key);
            }
            return lines;
        }

        private String flowChain(List<String> keys) {
            String value = ScalarRenderer.flow(edit.value(), ScalarStyle.PLAIN, true);
            for (int i = keys.size() - 1; i >= 0; i--) {
                String key = ScalarRenderer.flow(keys.get(i), ScalarStyle.PLAIN, true) + ": ";
                value = i == keys.size() - 1 ? key + value : key + "{" + value + "}";
            }
            return value;
        }

        private Splice insertAt(int at, String textToInsert) {
            return new Splice(at, at, textToInsert);
        }

        private Splice insertLines(int at, List<String> lines) {
            StringBuilder out = new StringBuilder();
            if (at == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
                out.append(newline);
            }
            lines.forEach(line -> out.append(line).append(newline));
            return new Splice(at, at, out.toString());
        }

        /** The file's own indentation step: how far the first nested block mapping is indented. */
        private int indentStep() {
            return firstStep(doc.root()).orElse(2);
        }

        private Optional<Integer> firstStep(MappingNode mapping) {
            if (mapping.getFlowStyle() == FlowStyle.FLOW) {
                return Optional.empty();
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getValueNode() instanceof MappingNode child && child.getFlowStyle() == FlowStyle.BLOCK
                        && !child.getValue().isEmpty()) {
                    int step = doc.column(doc.start(child.getValue().get(0).getKeyNode()))
                            - doc.column(doc.start(tuple.getKeyNode()));
                    if (step > 0) {
                        return Optional.of(step);
                    }
                    Optional<Integer> deeper = firstStep(child);
                    if (deeper.isPresent()) {
                        return deeper;
                    }
                }
            }
            return Optional.empty();
        }

        // ---- removing keys

        private Edited remove(MappingNode mapping, NodeTuple tuple) {
            String old = tuple.getValueNode() instanceof ScalarNode scalar ? scalar.getValue() : doc.spanText(tuple.getValueNode());
            ConfigChange change = new ConfigChange(edit.dottedPath(), old, null);
            if (mapping.getFlowStyle() == FlowStyle.FLOW) {
                return new Edited(List.of(removeFlowEntry(mapping, tuple)), change);
            }
            int keyStart = doc.start(tuple.getKeyNode());
            int lineStart = doc.lineStart(keyStart);
            if (!text.substring(lineStart, keyStart).isBlank()) {
                throw new UnsupportedLayoutException(doc.source() + ": cannot remove " + edit.dottedPath()
                        + " safely: at line " + doc.line(tuple.getKeyNode())
                        + " it shares its line with other content. Remove it by hand.");
            }
            return new Edited(List.of(new Splice(lineStart, lineAfter(contentEnd(tuple.getValueNode())), "")), change);
        }

        private Splice removeFlowEntry(MappingNode mapping, NodeTuple tuple) {
            List<NodeTuple> tuples = mapping.getValue();
            int index = tuples.indexOf(tuple);
            int keyStart = doc.start(tuple.getKeyNode());
            if (index < tuples.size() - 1) {
                return new Splice(keyStart, doc.start(tuples.get(index + 1).getKeyNode()), "");
            }
            int valueEnd = contentEnd(tuple.getValueNode());
            if (index > 0) {
                return new Splice(contentEnd(tuples.get(index - 1).getValueNode()), valueEnd, "");
            }
            return new Splice(keyStart, valueEnd, "");
        }

        // ---- where content ends

        /** Index just after a node's own text: trailing blank lines and comments of block nodes excluded. */
        private int contentEnd(Node node) {
            if (node instanceof ScalarNode scalar) {
                boolean block = scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED;
                return block ? blockScalarContentEnd(scalar) : doc.end(scalar);
            }
            if (node instanceof MappingNode mapping && mapping.getFlowStyle() == FlowStyle.BLOCK && !mapping.getValue().isEmpty()) {
                return contentEnd(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode());
            }
            if (node instanceof SequenceNode sequence && sequence.getFlowStyle() == FlowStyle.BLOCK && !sequence.getValue().isEmpty()) {
                return contentEnd(sequence.getValue().get(sequence.getValue().size() - 1));
            }
            return doc.end(node);
        }

        private int blockScalarContentEnd(ScalarNode scalar) {
            int start = doc.start(scalar);
            int at = doc.end(scalar);
            String value = scalar.getValue();
            // White space after the last line break but one is the value's own (kept line breaks of |+, a line of
            // spaces deeper than the indentation): then the trailing lines belong to the scalar.
            if (value.length() - value.stripTrailing().length() > (value.endsWith("\n") ? 1 : 0)) {
                return at;
            }
            while (at > start && Character.isWhitespace(text.charAt(at - 1))) {
                at--;
            }
            return Math.min(doc.nextLineStart(at), doc.end(scalar));
        }

        /** Where a new line goes after content ending at {@code contentEnd}: the start of the next line. */
        private int lineAfter(int contentEnd) {
            if (contentEnd > 0 && text.charAt(contentEnd - 1) == '\n') {
                return contentEnd;
            }
            return doc.nextLineStart(contentEnd);
        }
    }
}
