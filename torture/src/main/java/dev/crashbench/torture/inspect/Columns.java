package dev.crashbench.torture.inspect;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table with aligned columns: each column as wide as its widest cell, numbers right-aligned,
 * text left-aligned, two spaces between columns. A note row (one cell plus free text) does not
 * widen the columns after the first.
 */
final class Columns {
    /** How a column aligns its cells. */
    enum Align { LEFT, RIGHT }

    private record Row(String[] cells, String note) {
    }

    private final Align[] aligns;
    private final List<Row> rows = new ArrayList<>();

    Columns(Align... aligns) {
        this.aligns = aligns.clone();
    }

    Columns row(Object... cells) {
        if (cells.length != aligns.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + aligns.length + " columns");
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = String.valueOf(cells[i]);
        }
        rows.add(new Row(text, null));
        return this;
    }

    /** A row of the first cell, then {@code note} starting where the second column does. */
    Columns note(Object first, String note) {
        rows.add(new Row(new String[] {String.valueOf(first)}, note));
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[aligns.length];
        for (Row row : rows) {
            for (int i = 0; i < row.cells().length; i++) {
                widths[i] = Math.max(widths[i], row.cells()[i].length());
            }
        }
        for (Row row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.cells().length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(pad(row.cells()[i], widths[i], aligns[i]));
            }
            if (row.note() != null) {
                line.append("  ").append(row.note());
            }
            out.println(strip(line));
        }
    }

    private static String pad(String cell, int width, Align align) {
        String spaces = " ".repeat(width - cell.length());
        return align == Align.RIGHT ? spaces + cell : cell + spaces;
    }

    private static String strip(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }
}
