package org.arvados.maven.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} format, 3 lines of context) of two texts, computed with a longest
 * common subsequence over the lines between the common head and tail. Config files are small and edits
 * few, so the quadratic table only spans the changed middle. Output lines end in {@code \n}; a CR
 * before it in a CRLF file is dropped from the display (the comparison still sees it).
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

    private static List<Op> script(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            ops.add(new Op(' ', a.get(i), i, i));
        }
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), head, head, ops);
        for (int i = 0; i < tail; i++) {
            int oldIndex = a.size() - tail + i;
            int newIndex = b.size() - tail + i;
            ops.add(new Op(' ', a.get(oldIndex), oldIndex, newIndex));
        }
        return ops;
    }

    /** LCS table from the end, then a walk from the start; deletions before insertions, as diff does. */
    private static void middle(List<String> a, List<String> b, int oldOffset, int newOffset, List<Op> ops) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i), oldOffset + i, newOffset + j));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i), oldOffset + i, newOffset + j));
                i++;
            } else {
                ops.add(new Op('+', b.get(j), oldOffset + i, newOffset + j));
                j++;
            }
        }
    }
}
