package dev.crashbench.vfs;

import java.io.IOException;
import java.util.List;

/**
 * A {@link Vfs} that passes every call to the one it wraps. A decorator that counts, records or
 * changes a few calls extends it and overrides only those, so a method added to the SPI is
 * forwarded by every decorator at once instead of being forgotten by one of them.
 */
public abstract class ForwardingVfs implements Vfs {
    /** The wrapped file system. */
    protected final Vfs inner;

    protected ForwardingVfs(Vfs inner) {
        this.inner = inner;
    }

    @Override
    public VfsFile open(String path, OpenOption... options) throws IOException {
        return inner.open(path, options);
    }

    @Override
    public boolean exists(String path) throws IOException {
        return inner.exists(path);
    }

    @Override
    public void delete(String path) throws IOException {
        inner.delete(path);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        inner.rename(from, to);
    }

    @Override
    public void createDirectory(String path) throws IOException {
        inner.createDirectory(path);
    }

    @Override
    public void syncDirectory(String path) throws IOException {
        inner.syncDirectory(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        return inner.list(path);
    }

    @Override
    public DiskModel diskModel() {
        return inner.diskModel();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
