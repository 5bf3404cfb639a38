package dev.crashbench.recovery.workload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a workload against a single table of the engine. Ops are values: a workload is a
 * list of them, generated from a seed or written by hand, and saved as JSON in replay files
 * ({@code {"op":"put","key":7,"size":12,"salt":3}}).
 *
 * <p>Writes ({@link Put}, {@link Delete}) open a write transaction when none is open, so
 * {@link Begin} is only needed to make an empty transaction explicit.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Op.Begin.class, name = "begin"),
        @JsonSubTypes.Type(value = Op.Put.class, name = "put"),
        @JsonSubTypes.Type(value = Op.Delete.class, name = "delete"),
        @JsonSubTypes.Type(value = Op.Commit.class, name = "commit"),
        @JsonSubTypes.Type(value = Op.Rollback.class, name = "rollback"),
        @JsonSubTypes.Type(value = Op.Checkpoint.class, name = "checkpoint"),
        @JsonSubTypes.Type(value = Op.Reopen.class, name = "reopen"),
        @JsonSubTypes.Type(value = Op.Read.class, name = "read")
})
public sealed interface Op {

    /** Opens a write transaction if none is open. */
    record Begin() implements Op {
    }

    /** Puts a value of {@code size} bytes, a pure function of {@code key}, {@code size} and {@code salt}. */
    record Put(long key, int size, int salt) implements Op {
        public Put {
            if (size < 0) {
                throw new IllegalArgumentException("negative value size " + size);
            }
        }

        /** The value's bytes: an xorshift stream seeded by the three fields. */
        public byte[] value() {
            byte[] value = new byte[size];
            long x = key * 0x9E3779B97F4A7C15L + salt * 31L + size;
            for (int i = 0; i < size; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                value[i] = (byte) x;
            }
            return value;
        }
    }

    record Delete(long key) implements Op {
    }

    /** Commits the open write transaction; nothing happens when none is open. */
    record Commit() implements Op {
    }

    /** Rolls the open write transaction back; nothing happens when none is open. */
    record Rollback() implements Op {
    }

    /** Commits any open transaction, then checkpoints. */
    record Checkpoint() implements Op {
    }

    /** Closes the database and opens it again: a clean restart, not a crash. Discards an open transaction. */
    record Reopen() implements Op {
    }

    /**
     * Reads one key: inside the open write transaction if there is one (it must see its own
     * writes), else through a new read transaction (it must see exactly the committed state).
     */
    record Read(long key) implements Op {
    }
}
