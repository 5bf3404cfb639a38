package dev.crashbench.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bytes of a database's files (their lengths, summed over the directory that holds only
 * them): once the connection closed, the figure reported, and while it was still open (WAL and
 * preallocated space included).
 */
public record Size(long bytes, long bytesWhileOpen) implements Measurement {

    public static final String BYTES = "bytes";
    public static final String BYTES_WHILE_OPEN = "bytesWhileOpen";

    /** The summed length of the regular files in {@code directory} and below. */
    public static long of(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    @Override
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(BYTES, (double) bytes);
        v.put(BYTES_WHILE_OPEN, (double) bytesWhileOpen);
        return v;
    }
}
