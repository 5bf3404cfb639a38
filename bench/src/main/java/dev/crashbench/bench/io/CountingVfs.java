package dev.crashbench.bench.io;

import dev.crashbench.vfs.ForwardingVfs;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Vfs} that passes every call to the one it wraps and counts the bytes written: what
 * {@code pwrite} reported written, plus every byte stored through a mapping. So "bytes written
 * per commit" counts the engine's own writes whichever way they reach the file (pwrite, an
 * O_DSYNC handle, or a mapped WAL), not what the device or the file system adds. It counts with
 * one atomic add per call: no allocation on the write path.
 */
public final class CountingVfs extends ForwardingVfs {
    private final AtomicLong written = new AtomicLong();

    public CountingVfs(Vfs inner) {
        super(inner);
    }

    /** Bytes written through this VFS so far (every file, mapped stores included). */
    public long bytesWritten() {
        return written.get();
    }

    void add(long bytes) {
        written.addAndGet(bytes);
    }

    @Override
    public VfsFile open(String path, OpenOption... options) throws IOException {
        return new CountingFile(inner.open(path, options), this);
    }

    @Override
    public String describe() {
        return inner.describe() + ", bytes written counted";
    }
}
