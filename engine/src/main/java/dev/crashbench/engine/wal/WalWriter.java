package dev.crashbench.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a commit's frames reach the WAL file and become durable: the one part of {@link Wal} that
 * each WAL optimization changes. {@link Wal} seals the frames, chooses where they go and keeps
 * the log's state; a writer only stores bytes and makes them durable. Chosen by
 * {@link WalWriting}, one writer per open WAL file.
 *
 * <p>The header and the preallocation are written by {@link Wal} itself with positional writes
 * and synced with a file sync, whatever the writer: they are off the commit path, and a file sync
 * makes every earlier store durable, mapped or not. A recovery's copy of the WAL gets a writer of
 * its own, which becomes the WAL's when the copy replaces it.
 */
interface WalWriter extends AutoCloseable {

    /**
     * Stores {@code frames} (all of its remaining bytes, {@code frameCount} whole frames) at file
     * offset {@code offset}. Durable only after {@link #sync}, unless the writer says otherwise.
     */
    void store(long offset, ByteBuffer frames, int frameCount) throws IOException;

    /** Makes every frame stored since the last call durable. */
    void sync() throws IOException;

    /**
     * Told that the file was just preallocated and synced up to at least {@code size} bytes (a new
     * WAL, or a reset): space a mapping may now cover.
     */
    void preallocated(long size);

    /** Releases what the writer holds besides the file (a mapping). Never syncs, never closes the file. */
    @Override
    void close() throws IOException;
}
