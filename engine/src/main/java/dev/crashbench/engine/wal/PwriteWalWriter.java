package dev.crashbench.engine.wal;

import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The default: a commit is one positional write, made durable by {@code fdatasync}. */
final class PwriteWalWriter implements WalWriter {
    private final VfsFile file;

    PwriteWalWriter(VfsFile file) {
        this.file = file;
    }

    @Override
    public void store(long offset, ByteBuffer frames, int frameCount) throws IOException {
        file.writeFully(offset, frames);
    }

    @Override
    public void sync() throws IOException {
        // A commit is acknowledged after this returns: a cut after the acknowledgement must find its frames.
        file.sync(SyncMode.DATA);
    }

    @Override
    public void preallocated(long size) {
    }

    @Override
    public void close() {
    }
}
