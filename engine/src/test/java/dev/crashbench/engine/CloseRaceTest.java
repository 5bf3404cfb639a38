package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.ForwardingVfs;
import dev.crashbench.vfs.ForwardingVfsFile;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clean close racing a commit on another thread: the close frame (evidence that the WAL was
 * whole) must never be written while a commit holds the writer, because that commit may have
 * stored its frames at the WAL's end without having moved the end yet; a close frame there would
 * overwrite its first frame, and the commit, synced after, would be acknowledged and then lost.
 * Here the close runs, on another thread, from inside the commit's own WAL write.
 */
class CloseRaceTest {
    private static final String WAL = "db-wal";

    @Test
    void aCloseDuringACommitsWalWriteWritesNoCloseFrameOverIt() throws Exception {
        List<String> walWrites = new ArrayList<>();
        Runnable[] duringNextWalWrite = new Runnable[1];
        ForwardingVfs vfs = new ForwardingVfs(new MemoryVfs("close-race")) {
            @Override
            public VfsFile open(String path, OpenOption... options) throws IOException {
                VfsFile file = inner.open(path, options);
                if (!path.equals(WAL)) {
                    return file;
                }
                return new ForwardingVfsFile(file) {
                    @Override
                    public int write(long offset, ByteBuffer src) throws IOException {
                        synchronized (walWrites) {
                            walWrites.add(Thread.currentThread().getName() + "@" + offset + "+" + src.remaining());
                        }
                        int n = inner.write(offset, src);
                        Runnable hook = duringNextWalWrite[0];
                        duringNextWalWrite[0] = null;
                        if (hook != null) {
                            hook.run();
                        }
                        return n;
                    }
                };
            }
        };
        Database db = Database.open(vfs, "db", EngineOptions.defaults());
        try (WriteTransaction tx = db.beginWrite()) {
            tx.createTable("t").put(1, new byte[] {1});
            tx.commit();
        }
        WriteTransaction tx = db.beginWrite();
        tx.table("t").put(2, new byte[] {2});
        duringNextWalWrite[0] = () -> {
            Thread closer = new Thread(() -> {
                try {
                    db.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "closer");
            closer.start();
            try {
                closer.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        synchronized (walWrites) {
            walWrites.clear();
        }
        try {
            tx.commit(); // its sync meets the closed file and fails: it is never acknowledged
        } catch (IOException | RuntimeException expected) {
            // the close won the race for the files; what matters is what it wrote
        }
        synchronized (walWrites) {
            assertTrue(walWrites.stream().noneMatch(w -> w.startsWith("closer@")),
                    "the close wrote a close frame while a commit held the writer: " + walWrites);
            assertEquals(1, walWrites.size(), "only the commit's own frames: " + walWrites);
        }
    }
}
