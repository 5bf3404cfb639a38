package dev.crashbench.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Group commit's gathered WAL write ({@code group_commit}): the sealed frames of commits appended
 * since the last WAL sync, held in memory, contiguous and in append order, until the next sync
 * writes all of them with one write ({@link #flush}) and then syncs. A commit's frames are staged
 * whole ({@link #stage}), so every write carries whole commits, each with its own chained frames
 * and its own commit marker, exactly the bytes each commit would have written alone.
 *
 * <p>Frames in here are part of the log for the writer, which builds on commits not yet written:
 * {@link #read} serves any byte range of a staged frame, so the WAL's reads look here before the
 * file. Readers never need it (they see durable commits only, which a sync wrote first).
 *
 * <p>Two buffers: the one commits are staged into, and the one a flush is writing. A flush swaps
 * them under the lock and writes without it, so a writer may stage the next commits while the
 * group before them is written and synced; a flush waits for an earlier one to finish (one write
 * at a time, in log order). Staged bytes are only ever copied in by the writer (the database's
 * writer lock) and written out by one flush at a time; {@link #read} copies under the lock, so it
 * never sees a buffer being swapped.
 *
 * <p>Fail-stop: a failed write leaves its frames where they were and fails every later flush with
 * the same error (after a failed write the file's content at those offsets is unknown, and the
 * database stops writes anyway). Allocation-free once the buffers have grown to the largest group.
 */
final class GatheredFrames {
    private final Object lock = new Object();
    /** Serializes flushes: one gathered write at a time, in log order. */
    private final Object flushing = new Object();

    // Guarded by lock.
    /** Commits being staged: bytes [0, position) go at file offset {@link #fillingAt}. */
    private ByteBuffer filling = ByteBuffer.allocateDirect(WalFrame.SIZE);
    private long fillingAt = -1;
    private int fillingFrames;
    private int fillingCommits;
    /** The group a flush is writing, flipped: bytes [0, limit) at file offset {@link #writingAt}; null when none. */
    private ByteBuffer writing;
    private long writingAt = -1;
    /** The buffer the next swap stages into. */
    private ByteBuffer spare = ByteBuffer.allocateDirect(WalFrame.SIZE);
    /** The error of a failed write; every later flush rethrows it. */
    private IOException failed;

    /**
     * Stages one commit's sealed frames ({@code frames}, all its remaining bytes, {@code frameCount}
     * whole frames) for file offset {@code offset}, just after the last staged or written frame.
     * Writer lock held.
     */
    void stage(long offset, ByteBuffer frames, int frameCount) {
        synchronized (lock) {
            if (fillingCommits == 0) {
                fillingAt = offset;
            } else if (offset != fillingAt + filling.position()) {
                throw new IllegalStateException("frames for offset " + offset + " staged after frames ending at "
                        + (fillingAt + filling.position()) + ": a gathered write must be contiguous");
            }
            int bytes = frames.remaining();
            if (filling.remaining() < bytes) {
                filling = grown(filling, bytes);
            }
            filling.put(frames);
            fillingFrames += frameCount;
            fillingCommits++;
        }
    }

    /** A larger copy of {@code buffer} with room for {@code more} bytes after its position. */
    private static ByteBuffer grown(ByteBuffer buffer, int more) {
        ByteBuffer larger = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, buffer.position() + more));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    /** Whether frames are staged or being written (the log holds frames the file does not yet have). */
    boolean pending() {
        synchronized (lock) {
            return fillingCommits > 0 || writing != null;
        }
    }

    /**
     * Writes every staged commit with one {@link WalWriter#store}, if any is staged, and returns how
     * many commits that write carried (0: nothing was staged). Durable only after the writer's sync.
     */
    int flush(WalWriter writer) throws IOException {
        synchronized (flushing) {
            ByteBuffer group;
            long at;
            int frames;
            int commits;
            synchronized (lock) {
                if (failed != null) {
                    throw failed;
                }
                if (fillingCommits == 0) {
                    return 0;
                }
                group = filling;
                group.flip();
                writing = group;
                writingAt = fillingAt;
                frames = fillingFrames;
                commits = fillingCommits;
                at = fillingAt;
                filling = spare.clear();
                spare = null;
                fillingAt = -1;
                fillingFrames = 0;
                fillingCommits = 0;
            }
            try {
                writer.store(at, group, frames);
            } catch (IOException e) {
                synchronized (lock) {
                    failed = e; // the frames stay in writing: the file may hold any part of them
                }
                throw e;
            }
            synchronized (lock) {
                writing = null;
                writingAt = -1;
                spare = group;
            }
            return commits;
        }
    }

    /**
     * Copies {@code length} bytes of the log at file offset {@code offset} into {@code dst} at
     * {@code at} when they lie in staged frames or in the group being written; false when they do
     * not (the file has them).
     */
    boolean read(long offset, byte[] dst, int at, int length) {
        synchronized (lock) {
            if (writing != null && offset >= writingAt && offset + length <= writingAt + writing.limit()) {
                writing.get((int) (offset - writingAt), dst, at, length);
                return true;
            }
            if (fillingCommits > 0 && offset >= fillingAt && offset + length <= fillingAt + filling.position()) {
                filling.get((int) (offset - fillingAt), dst, at, length);
                return true;
            }
            return false;
        }
    }
}
