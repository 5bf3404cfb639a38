package dev.crashbench.engine.wal;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Optimization {@code wal_dsync}: the WAL handle is opened with {@code O_DSYNC} (see
 * {@link WalWriting#openOptions}), so each positional write returns only once its bytes, and the
 * size they need, are durable, and a commit is that one write with no separate sync. A write
 * whose write-back fails reports EIO, and the commit fails like one whose sync failed.
 *
 * <p>{@link #sync} has nothing left to do: every store was durable when it returned. (The
 * directory entry of the WAL is {@link Wal}'s business, not the writer's.)
 */
final class DsyncWalWriter implements WalWriter {
    private final VfsFile file;
    private final EngineEvents events;

    DsyncWalWriter(VfsFile file, EngineEvents events) {
        this.file = file;
        this.events = events;
    }

    @Override
    public void store(long offset, ByteBuffer frames, int frameCount) throws IOException {
        file.writeFully(offset, frames);
        events.count(EngineEvent.DSYNC_WRITE);
    }

    @Override
    public void sync() {
        // Nothing: the handle is O_DSYNC, so each store above was durable before it returned.
    }

    @Override
    public void preallocated(long size) {
    }

    @Override
    public void close() {
    }
}
