package dev.crashbench.torture.cli;

/** Parses {@code --shard I/N}: shard I of N, counted from 1 on the command line and from 0 inside. */
final class Shards {
    private Shards() {
    }

    /** {@code {index from 0, count}}. */
    static int[] parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard wants I/N, e.g. 2/4, got '" + text + "'");
        }
        int i;
        int n;
        try {
            i = Integer.parseInt(parts[0].trim());
            n = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard wants I/N with whole numbers, got '" + text + "'");
        }
        if (n < 1 || i < 1 || i > n) {
            throw new IllegalArgumentException("--shard " + text + ": need 1 <= I <= N");
        }
        return new int[] {i - 1, n};
    }
}
