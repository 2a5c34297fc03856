package org.arvados.maven.packer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One line of {@code packer -machine-readable} output, {@code timestamp,target,type,data...}, with the
 * data fields already unescaped ({@code %!(PACKER_COMMA)} is a comma, a literal {@code \n} a newline).
 */
public record MachineReadableLine(String timestamp, String target, String type, List<String> data) {
    public MachineReadableLine {
        data = List.copyOf(data);
    }

    /** The data fields from {@code index} on, joined by commas (empty when there are none). */
    public String dataFrom(int index) {
        return index >= data.size() ? "" : String.join(",", data.subList(index, data.size()));
    }

    /** The same line with {@code change} applied to every data field (e.g. masking secrets). */
    public MachineReadableLine mapData(UnaryOperator<String> change) {
        List<String> changed = new ArrayList<>(data.size());
        for (String field : data) {
            changed.add(change.apply(field));
        }
        return new MachineReadableLine(timestamp, target, type, changed);
    }

    /** Back to packer's format, so the transcript can be read by the same parser. */
    public String encode() {
        StringBuilder line = new StringBuilder(64).append(timestamp).append(',').append(target).append(',').append(type);
        for (String field : data) {
            line.append(',').append(MachineReadableParser.escape(field));
        }
        return line.toString();
    }
}
