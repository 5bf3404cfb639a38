package dev.crashbench.faultvfs;

/**
 * An operation the program has done that is not durable yet: it lives in the page cache (data)
 * or the in-memory directory (names) until a sync, an early write-back, or the survival policy
 * of a power cut decides its fate. Every pending op remembers the step that issued it.
 */
public sealed interface PendingOp {

    /** The step of the op trace that issued this operation. */
    int step();

    /** The path the operation was issued on (for messages; data ops follow the file id). */
    String path();

    /** One line for messages and replay files. */
    String describe();

    /** Makes the operation durable in {@code durable}, whole. */
    void applyTo(DiskState durable);

    /**
     * Data written to file {@code fileId} at {@code offset}; {@code mapped} when stored through a
     * mapping. Once it lands the file is at least {@code sizeEnd} bytes long: the end of the write
     * for a plain write (even a misdirected one, whose data lands elsewhere), 0 for a store
     * through a mapping, which never changes the size. Data past the larger of the file's size
     * and {@code sizeEnd} is dropped when it lands, as a device does not grow a file.
     */
    record Write(int step, String path, long fileId, long offset, byte[] data, boolean mapped, long sizeEnd)
            implements PendingOp {

        /** A write that lands where it was asked to. */
        public Write(int step, String path, long fileId, long offset, byte[] data, boolean mapped) {
            this(step, path, fileId, offset, data, mapped, mapped ? 0 : offset + data.length);
        }

        public long end() {
            return offset + data.length;
        }

        public String describe() {
            return "step " + step + ": " + (mapped ? "mapped write " : "write ") + data.length + " B at "
                    + offset + " of " + path;
        }

        public void applyTo(DiskState durable) {
            FileImage image = durable.file(fileId);
            long limit = Math.max(image.size(), sizeEnd);
            int landing = (int) Math.max(0, Math.min(data.length, limit - offset));
            if (landing > 0) {
                image.write(offset, data, 0, landing);
            }
            if (image.size() < sizeEnd) {
                image.truncate(sizeEnd);
            }
        }

        /** The part of this write that covers {@code [from, to)}, which must lie inside it. */
        Write slice(long from, long to) {
            byte[] part = java.util.Arrays.copyOfRange(data, (int) (from - offset), (int) (to - offset));
            // The last slice carries the whole size change (a misdirected write's may lie past its bytes).
            return new Write(step, path, fileId, from, part, mapped, to == end() ? sizeEnd : Math.min(sizeEnd, to));
        }
    }

    /** A size change of file {@code fileId}: a truncate, or with {@code growOnly} an allocation. */
    record Resize(int step, String path, long fileId, long size, boolean growOnly) implements PendingOp {
        public String describe() {
            return "step " + step + ": " + (growOnly ? "allocate " : "truncate ") + path + " to " + size + " B";
        }

        public void applyTo(DiskState durable) {
            FileImage image = durable.file(fileId);
            if (!growOnly || image.size() < size) {
                image.truncate(size);
            }
        }
    }

    /** A new directory entry {@code path} naming file {@code fileId} (or {@link DiskState#DIRECTORY}). */
    record Link(int step, String path, long fileId) implements PendingOp {
        public String describe() {
            return "step " + step + ": " + (fileId == DiskState.DIRECTORY ? "mkdir " : "create ") + path;
        }

        public void applyTo(DiskState durable) {
            durable.names.put(path, fileId);
            if (fileId != DiskState.DIRECTORY) {
                durable.file(fileId);
            }
        }
    }

    /** Removal of the directory entry {@code path}. */
    record Unlink(int step, String path) implements PendingOp {
        public String describe() {
            return "step " + step + ": delete " + path;
        }

        public void applyTo(DiskState durable) {
            durable.names.remove(path);
        }
    }

    /**
     * An atomic rename of whatever {@code from} names to {@code path}, replacing what was there.
     * If {@code from} has no durable entry (its create did not survive) nothing moves.
     */
    record Rename(int step, String from, String path) implements PendingOp {
        public String describe() {
            return "step " + step + ": rename " + from + " -> " + path;
        }

        public void applyTo(DiskState durable) {
            Long id = durable.names.remove(from);
            if (id != null) {
                durable.names.put(path, id);
            }
        }
    }
}
