package dev.crashbench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offset / size table of an on-disk format, as documented in its writer's class comment, read
 * from the source file so that a test can hold the comment and the {@code OFFSET_*} constants to
 * each other. Also little-endian reads written without {@code PageBytes} or {@code ByteBuffer}, so a
 * format test does not check the encoder with the encoder's own helpers.
 */
public final class FormatTable {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("src").resolve("main").resolve("java");
    private static final Pattern ROW = Pattern.compile("<tr><td>(\\d+)</td><td>(\\d+)</td><td>");

    /** One documented field. */
    public record Row(int offset, int size) {
    }

    private FormatTable() {
    }

    /** The rows of the table captioned {@code caption} in the class comment of {@code type}. */
    public static List<Row> documented(Class<?> type, String caption) {
        Path source = SOURCES.resolve(type.getName().replace('.', '/') + ".java");
        String text;
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the source of " + type.getName(), e);
        }
        int start = text.indexOf("<caption>" + caption + "</caption>");
        if (start < 0) {
            throw new AssertionError("no table captioned '" + caption + "' in " + source);
        }
        int end = text.indexOf("</table>", start);
        Matcher m = ROW.matcher(text.substring(start, end));
        List<Row> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new Row(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        return rows;
    }

    public static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    public static long le64(byte[] b, int at) {
        return (le32(b, at) & 0xffffffffL) | ((long) le32(b, at + 4)) << 32;
    }

    public static void putLe32(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
