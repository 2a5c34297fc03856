package org.arvados.maven.config;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} format, 3 lines of context) of two texts. java-diff-utils finds the
 * changes; the hunks are written here because its own writer differs from diff's: it always prints a
 * hunk's line count, numbers an empty range one line later, omits "\ No newline at end of file", and would
 * print a line's CR. Output lines end in {@code \n}; a CR before it in a CRLF file is dropped from the
 * display (the comparison still sees it).
 */
public final class UnifiedDiff {
    public static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    private record Op(char type, String line, int oldBefore, int newBefore) {
    }

    /** The diff, or an empty string when the texts are equal. */
    public static String diff(String oldText, String newText, String oldName, String newName) {
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        List<Op> ops = script(a, b);
        List<Integer> changes = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).type() != ' ') {
                changes.add(i);
            }
        }
        if (changes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(oldName).append('\n')
                .append("+++ ").append(newName).append('\n');
        int first = 0;
        for (int i = 1; i <= changes.size(); i++) {
            boolean last = i == changes.size();
            if (last || changes.get(i) - changes.get(i - 1) - 1 > 2 * CONTEXT) {
                int from = Math.max(0, changes.get(first) - CONTEXT);
                int to = Math.min(ops.size(), changes.get(i - 1) + CONTEXT + 1);
                hunk(out, ops.subList(from, to));
                first = i;
            }
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Op> ops) {
        int oldCount = (int) ops.stream().filter(op -> op.type() != '+').count();
        int newCount = (int) ops.stream().filter(op -> op.type() != '-').count();
        int oldStart = ops.get(0).oldBefore() + (oldCount == 0 ? 0 : 1);
        int newStart = ops.get(0).newBefore() + (newCount == 0 ? 0 : 1);
        out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n");
        for (Op op : ops) {
            String line = op.line();
            boolean terminated = line.endsWith("\n");
            String shown = terminated ? line.substring(0, line.length() - 1) : line;
            if (shown.endsWith("\r")) {
                shown = shown.substring(0, shown.length() - 1);
            }
            out.append(op.type()).append(shown).append('\n');
            if (!terminated) {
                out.append("\\ No newline at end of file\n");
            }
        }
    }

    private static String range(int start, int count) {
        return count == 1 ? String.valueOf(start) : start + "," + count;
    }

    /** Lines with their terminators, so a changed line end counts as a change. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** The edit script from java-diff-utils (Myers), deletions before insertions within a change, as diff does. */
    private static List<Op> script(List<String> a, List<String> b) {
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
            for (; i < delta.getSource().getPosition(); i++, j++) {
                ops.add(new Op(' ', a.get(i), i, j));
            }
            for (String line : delta.getSource().getLines()) {
                ops.add(new Op('-', line, i++, j));
            }
            for (String line : delta.getTarget().getLines()) {
                ops.add(new Op('+', line, i, j++));
            }
        }
        for (; i < a.size(); i++, j++) {
            ops.add(new Op(' ', a.get(i), i, j));
        }
        return ops;
    }
}
