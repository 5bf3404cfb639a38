package dev.crashbench.bench.measure;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.Backend;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of a durable write: a 4 KiB {@code pwrite} at a fixed offset of a preallocated,
 * already-written file followed by {@code sync(DATA)}. Nothing but the data block has to reach the
 * device (no size or extent change, and {@code fdatasync} skips the mtime), so this is the
 * cheapest commit any engine can make on this disk. The file is deleted on close.
 */
public final class FloorProbe implements AutoCloseable {
    public static final int BLOCK_BYTES = 4096;
    public static final long FILE_BYTES = 1 << 20;
    public static final long OFFSET = 64 * 1024;
    static final String FILE_NAME = "floor.dat";

    private final LocalVfs vfs;
    private final VfsFile file;
    private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);

    private FloorProbe(LocalVfs vfs, VfsFile file) {
        this.vfs = vfs;
        this.file = file;
    }

    /** Creates, preallocates and writes the probe file in {@code directory}. */
    public static FloorProbe open(Path directory, Backend backend) throws IOException {
        Files.createDirectories(directory);
        LocalVfs vfs = LocalVfs.at(directory, DiskModel.WORST_CASE, backend);
        VfsFile file = vfs.open(FILE_NAME, OpenOption.CREATE);
        try {
            file.allocate(FILE_BYTES);
            file.writeFully(0, ByteBuffer.allocateDirect((int) FILE_BYTES));
            // Full sync: the size and the written extents must be on disk before timing starts,
            // or the first timed syncs would also commit them.
            file.sync(SyncMode.FULL);
            // Directory sync: hygiene only, so no timed sync also carries the new directory entry.
            vfs.syncDirectory("");
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return new FloorProbe(vfs, file);
    }

    /** One write of a block stamped with {@code stamp} and its data sync; returns the nanoseconds taken. */
    public long writeAndSync(long stamp) throws IOException {
        block.clear();
        block.putLong(0, stamp);
        long start = System.nanoTime();
        file.writeFully(OFFSET, block);
        // Data sync: the timed quantity; a crash after it returns cannot lose this block.
        file.sync(SyncMode.DATA);
        return System.nanoTime() - start;
    }

    public LocalVfs vfs() {
        return vfs;
    }

    @Override
    public void close() throws IOException {
        file.close();
        vfs.delete(FILE_NAME);
    }
}
