package dev.crashbench.engine.pager;

/**
 * What one transaction sees: the first {@code frames} frames of WAL generation {@code generation}
 * over the database file, and the database header as of that point. While it is registered with
 * the {@link Pager}, checkpoints copy home no frame it cannot see, so the home copy of every page
 * it reads from the database file stays the one it expects.
 */
public final class Snapshot {
    final long generation;
    final int frames;
    final DbHeader header;

    Snapshot(long generation, int frames, DbHeader header) {
        this.generation = generation;
        this.frames = frames;
        this.header = header;
    }

    public DbHeader header() {
        return header;
    }

    /** WAL generation this snapshot was taken in. */
    public long generation() {
        return generation;
    }

    /** Frames of that generation it sees. */
    public int frames() {
        return frames;
    }
}
