package dev.crashbench.recovery.sqlite;

import java.util.HashMap;
import java.util.Map;

/**
 * SQLite's five lock levels (none, shared, reserved, pending, exclusive) for the files of one
 * {@link SqliteVfs}, kept in Java: the VFS serves one process, so there is no other process to
 * exclude, but two connections of this process on one database must still exclude each other as
 * {@code os_unix.c}'s in-process lock table makes them. A file is named by its VFS path; a holder
 * is one open {@code sqlite3_file} (its id).
 *
 * <p>Rules: any number of holders may hold SHARED; one holder RESERVED, beside the shared ones;
 * a holder asking for EXCLUSIVE first takes PENDING (which admits no new SHARED holder) and gets
 * EXCLUSIVE once it is the only SHARED holder left. A refused request returns
 * {@link SqliteCodes#BUSY} and changes nothing but a PENDING it took on the way.
 */
final class LockTable {
    private final Map<String, FileLocks> files = new HashMap<>();

    /** The locks of one file. */
    private static final class FileLocks {
        final Map<Long, Integer> levels = new HashMap<>();
        int sharedHolders;
        long reservedBy = -1;
        long pendingBy = -1;
        long exclusiveBy = -1;
    }

    /** The level {@code holder} holds on {@code path}. */
    synchronized int level(String path, long holder) {
        FileLocks f = files.get(path);
        return f == null ? SqliteCodes.LOCK_NONE : f.levels.getOrDefault(holder, SqliteCodes.LOCK_NONE);
    }

    /** xLock: raises {@code holder}'s lock on {@code path} to {@code wanted}; OK or BUSY. */
    synchronized int lock(String path, long holder, int wanted) {
        FileLocks f = files.computeIfAbsent(path, p -> new FileLocks());
        int held = f.levels.getOrDefault(holder, SqliteCodes.LOCK_NONE);
        if (held >= wanted) {
            return SqliteCodes.OK;
        }
        switch (wanted) {
            case SqliteCodes.LOCK_SHARED -> {
                if (f.pendingBy >= 0 || f.exclusiveBy >= 0) {
                    return SqliteCodes.BUSY;
                }
                f.sharedHolders++;
            }
            case SqliteCodes.LOCK_RESERVED -> {
                requireAtLeast(held, SqliteCodes.LOCK_SHARED, "RESERVED");
                if (f.reservedBy >= 0) {
                    return SqliteCodes.BUSY;
                }
                f.reservedBy = holder;
            }
            case SqliteCodes.LOCK_EXCLUSIVE -> {
                requireAtLeast(held, SqliteCodes.LOCK_SHARED, "EXCLUSIVE");
                if (f.pendingBy >= 0 && f.pendingBy != holder) {
                    return SqliteCodes.BUSY;
                }
                f.pendingBy = holder;
                f.levels.put(holder, Math.max(held, SqliteCodes.LOCK_PENDING));
                if (f.sharedHolders > 1) {
                    return SqliteCodes.BUSY; // readers remain: keep PENDING so no new one comes in
                }
                f.exclusiveBy = holder;
            }
            default -> throw new IllegalArgumentException("SQLite asked for lock level " + wanted
                    + " (only SHARED, RESERVED and EXCLUSIVE are ever requested)");
        }
        f.levels.put(holder, wanted);
        return SqliteCodes.OK;
    }

    /** xUnlock: lowers {@code holder}'s lock on {@code path} to {@code level} (SHARED or NONE). */
    synchronized void unlock(String path, long holder, int level) {
        FileLocks f = files.get(path);
        if (f == null) {
            return;
        }
        int held = f.levels.getOrDefault(holder, SqliteCodes.LOCK_NONE);
        if (held <= level) {
            return;
        }
        if (f.reservedBy == holder) {
            f.reservedBy = -1;
        }
        if (f.pendingBy == holder) {
            f.pendingBy = -1;
        }
        if (f.exclusiveBy == holder) {
            f.exclusiveBy = -1;
        }
        if (level == SqliteCodes.LOCK_NONE) {
            f.sharedHolders--;
            f.levels.remove(holder);
            if (f.levels.isEmpty()) {
                files.remove(path);
            }
        } else {
            f.levels.put(holder, level);
        }
    }

    /** xCheckReservedLock: whether any holder has RESERVED or more on {@code path}. */
    synchronized boolean reserved(String path) {
        FileLocks f = files.get(path);
        return f != null && (f.reservedBy >= 0 || f.pendingBy >= 0 || f.exclusiveBy >= 0);
    }

    private static void requireAtLeast(int held, int needed, String wanted) {
        if (held < needed) {
            throw new IllegalStateException("SQLite asked for " + wanted + " without holding SHARED first");
        }
    }
}
