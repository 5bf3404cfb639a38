package dev.crashbench.engine.pager;

/**
 * What one transaction sees: the first {@code frames} frames of WAL generation {@code generation}
 * over the database file, and the database header as of that point. While it is registered with
 * the {@link Pager}, checkpoints copy home no frame it cannot see, so the home copy of every page
 * it reads from the database file stays the one it expects.
 */
public final class Snapshot {
    // Not final: a reused writer moves its one snapshot to each new committed state
    // (Pager#moveWriterSnapshot); a reader's snapshot never changes.
    long generation;
    int frames;
    DbHeader header;
    long digest;

    Snapshot(long generation, int frames, DbHeader header, long digest) {
        this.generation = generation;
        this.frames = frames;
        this.header = header;
        this.digest = digest;
    }

    void moveTo(long newGeneration, int newFrames, DbHeader newHeader, long newDigest) {
        this.generation = newGeneration;
        this.frames = newFrames;
        this.header = newHeader;
        this.digest = newDigest;
    }

    public DbHeader header() {
        return header;
    }

    /** The page digest ({@link PageDigest}) of the state this snapshot sees, as its commit recorded it. */
    public long digest() {
        return digest;
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
