package org.arvados.maven.packer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Parses {@code packer -machine-readable} lines: {@code timestamp,target,type,data...}. Packer escapes
 * a comma inside data as {@code %!(PACKER_COMMA)}, a newline as a literal {@code \n} and a CR as
 * {@code \r}. Stateless: the runner feeds it one line at a time as the line arrives.
 *
 * <p>Malformed input (fewer than three fields, a timestamp that is not a number, an artifact line
 * without a numeric index) raises {@link MalformedOutputException} and nothing else; the runner logs
 * such a line as plain text. Unknown types are not errors: they become {@link PackerEvent.Other}.
 */
public final class MachineReadableParser {
    static final String COMMA = "%!(PACKER_COMMA)";

    private MachineReadableParser() {
    }

    /** The event one stdout line stands for. */
    public static PackerEvent parse(String line) {
        return event(parseLine(line));
    }

    /** Splits and unescapes one line without interpreting it. */
    public static MachineReadableLine parseLine(String line) {
        if (line == null) {
            throw new MalformedOutputException("no line");
        }
        List<String> fields = split(stripLineEnd(line));
        if (fields.size() < 3) {
            throw new MalformedOutputException("fewer than 3 comma-separated fields");
        }
        String timestamp = fields.get(0);
        if (timestamp.isEmpty() || !isDigits(timestamp)) {
            throw new MalformedOutputException("timestamp is not a number");
        }
        if (fields.get(2).isEmpty()) {
            throw new MalformedOutputException("empty type");
        }
        List<String> data = new ArrayList<>(fields.size() - 3);
        for (int i = 3; i < fields.size(); i++) {
            data.add(unescape(fields.get(i)));
        }
        return new MachineReadableLine(timestamp, fields.get(1), fields.get(2), data);
    }

    /** What a parsed line means. */
    public static PackerEvent event(MachineReadableLine line) {
        return switch (line.type()) {
            case "ui" -> new PackerEvent.Ui(PackerEvent.UiLevel.of(field(line, 0)), line.dataFrom(1));
            case "artifact-count" -> new PackerEvent.ArtifactCount(line.target(), number(field(line, 0)));
            case "artifact" -> artifactField(line);
            case "error-count" -> new PackerEvent.ErrorCount(number(field(line, 0)));
            case "error" -> new PackerEvent.BuildError(line.target(), line.dataFrom(0));
            default -> new PackerEvent.Other(line.type());
        };
    }

    private static PackerEvent artifactField(MachineReadableLine line) {
        if (line.data().size() < 2) {
            throw new MalformedOutputException("artifact line without index and field");
        }
        int index = number(line.data().get(0));
        List<String> values = line.data().subList(2, line.data().size());
        return new PackerEvent.ArtifactField(line.target(), index, line.data().get(1), values);
    }

    public static String unescape(String field) {
        if (field.indexOf('%') < 0 && field.indexOf('\\') < 0) {
            return field;
        }
        return field.replace(COMMA, ",").replace("\\n", "\n").replace("\\r", "\r");
    }

    /**
     * Every form a value takes between packer and a reader of its output: as packer prints it, as this parser gives
     * it back (not always the value itself: a literal {@code \\n} in the value becomes a newline), and that read back
     * from the value as it stands. For masking secrets in packer's output.
     */
    public static final List<UnaryOperator<String>> FORMS = List.of(
            MachineReadableParser::escape,
            value -> unescape(escape(value)),
            MachineReadableParser::unescape);

    public static String escape(String field) {
        return field.replace(",", COMMA).replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String field(MachineReadableLine line, int index) {
        if (index >= line.data().size()) {
            throw new MalformedOutputException(line.type() + " line without data");
        }
        return line.data().get(index);
    }

    private static int number(String text) {
        if (text.isEmpty() || text.length() > 9 || !isDigits(text)) {
            throw new MalformedOutputException("not a count or index");
        }
        return Integer.parseInt(text);
    }

    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>(5);
        int start = 0;
        int comma;
        while ((comma = line.indexOf(',', start)) >= 0) {
            fields.add(line.substring(start, comma));
            start = comma + 1;
        }
        fields.add(line.substring(start));
        return fields;
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
