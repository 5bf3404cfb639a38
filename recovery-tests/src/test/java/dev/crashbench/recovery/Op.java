package dev.crashbench.recovery;

/** One step of a test workload against a single table. Records describe themselves in shrunk failures. */
sealed interface Op {
    /** Put a value of {@code size} bytes, derived from {@code key}, {@code size} and {@code salt}. */
    record Put(long key, int size, int salt) implements Op {
        byte[] value() {
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

    record Commit() implements Op {
    }

    record Rollback() implements Op {
    }

    record Checkpoint() implements Op {
    }

    /** Close the database and open it again (a clean restart, not a crash). */
    record Reopen() implements Op {
    }
}
