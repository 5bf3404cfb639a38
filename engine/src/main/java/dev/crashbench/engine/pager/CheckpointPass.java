package dev.crashbench.engine.pager;

import dev.crashbench.engine.UnsafeMutation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One checkpoint pass as a machine of steps, so that a background checkpointer can be driven one
 * step at a time and commits, reads and power cuts can land between any two of them. The pass is
 * planned when it is made: the committed end of the WAL, and the limit it may copy home, which is
 * the oldest open reader's mark (a reader of an older WAL generation reads everything from home,
 * so it stops every copy). Then:
 *
 * <table>
 *   <caption>The steps, in order; a step that has nothing to do is not taken</caption>
 *   <tr><th>step</th><th>VFS calls</th><th>taken when</th><th>a cut right after it leaves</th></tr>
 *   <tr><td>{@link CheckpointStep#SYNC_WAL}</td><td>fdatasync of the WAL</td><td>frames below the limit are not
 *       known durable (NORMAL durability, or recovered frames)</td><td>those frames durable, nothing
 *       home yet</td></tr>
 *   <tr><td>{@link CheckpointStep#COPY_PAGE}</td><td>one pwrite into the database file</td><td>once per page
 *       whose newest image below the limit is not home yet (page 0 again, with the home digest,
 *       when the pass takes every frame)</td><td>pages home that the WAL still holds: recovery
 *       replays the WAL over them</td></tr>
 *   <tr><td>{@link CheckpointStep#SYNC_HOME}</td><td>fdatasync of the database file</td><td>pages were copied
 *       and syncs are on</td><td>the copies durable; the WAL untouched</td></tr>
 *   <tr><td>{@link CheckpointStep#RESET}</td><td>WAL header write, zero fill, sync</td><td>the plan took every
 *       frame, and at the step no frame was appended since and no reader sees an older state</td>
 *       <td>a new WAL generation over a database file that holds everything</td></tr>
 * </table>
 *
 * <p>Why the reset checks again: a background pass runs while commits go on, and frames appended
 * after the plan are not home; resetting over them would lose those commits. Readers that began
 * after the plan see at least its end, so they never stop a copy; only one at an older mark could,
 * and it began before the plan, which counted it.
 *
 * <p>Not thread-safe: one pass runs at a time (under the writer lock when inline, under the
 * background checkpointer's lock otherwise).
 */
final class CheckpointPass {
    private final Pager pager;
    private final boolean sync;
    private final boolean background;
    private final PageChecksum checksum = new PageChecksum();
    private final int end;
    private final long endDigest;
    private final int limit;
    private final int from;
    private final boolean everyFrame;
    /** The pages to consider copying, in order; page 0 first when added for the home digest. */
    private final List<Integer> pages = new ArrayList<>();
    private final Snapshot upTo;
    /**
     * Mutations WAL_RESET_BEFORE_DB_SYNC and BACKGROUND_RESET_BEFORE_DB_SYNC: the home copies are
     * synced only after the reset. A cut in between finds neither the frames (retired by the new
     * salt) nor durable pages.
     */
    private final boolean homeSyncDeferred;
    private int nextPage;
    private int pagesWritten;
    private boolean reset;
    private CheckpointStep next;

    /**
     * Plans a pass over {@code pager}'s committed state. {@code background}: run by the background
     * checkpointer, with commits going on between its steps (it is what the background mutations
     * break).
     */
    CheckpointPass(Pager pager, boolean sync, boolean background) {
        this.pager = pager;
        this.sync = sync;
        this.background = background;
        synchronized (pager.lock) {
            if (!background && pager.appendedFrames != pager.committedFrames) {
                // A reset would retire frames the writer built on before they were ever durable.
                throw new IllegalStateException("checkpoint with " + (pager.appendedFrames - pager.committedFrames)
                        + " appended frames not yet synced and published");
            }
            end = pager.committedFrames;
            endDigest = pager.committedDigest;
            from = pager.backfilled;
            limit = ignoresReaders() ? end : Math.min(end, oldestReaderMark());
            // A pass that takes every frame home leaves the database file at the committed state, and
            // resets the WAL: page 0 then goes home (again, if an earlier pass took it) with that
            // state's digest, even when nothing else is left to copy. Not while commits appended
            // after the end wait for a group sync: the reset could not happen, and a background
            // checkpointer would plan the same pass again and again until they are published.
            everyFrame = end > 0 && limit == end && pager.appendedFrames == end;
            upTo = new Snapshot(pager.generation, limit, pager.committedHeader, pager.committedDigest);
            if (background) {
                // Registered like a reader's until release(): a concurrent writer that reuses its page
                // arrays (writer_reuse) then never recycles one this pass may still be copying home.
                pager.readers.add(upTo);
            }
            if (limit > from || everyFrame) {
                pager.index.forEachPage(limit, pages::add);
            }
        }
        if (everyFrame && !pages.contains(0)) {
            pages.add(0, 0); // a generation whose commits left the header alone
        }
        homeSyncDeferred = sync && (pager.mutations.contains(UnsafeMutation.WAL_RESET_BEFORE_DB_SYNC)
                || background && pager.mutations.contains(UnsafeMutation.BACKGROUND_RESET_BEFORE_DB_SYNC));
        if (limit > from || everyFrame) {
            next = walSyncNeeded() ? CheckpointStep.SYNC_WAL : firstCopyOrAfter();
        } else {
            next = CheckpointStep.DONE;
        }
    }

    private boolean ignoresReaders() {
        // Mutation BACKGROUND_IGNORES_READERS: the open readers' marks are not consulted, neither for
        // the copies nor for the reset. A reader then finds newer commits' pages in the database
        // file (or in the cache's home slot), and after the reset it reads every page from there.
        return background && pager.mutations.contains(UnsafeMutation.BACKGROUND_IGNORES_READERS);
    }

    /** The oldest mark among open readers ({@link Pager#oldestReaderMark}). Lock held. */
    private int oldestReaderMark() {
        if (!pager.mutations.contains(UnsafeMutation.RESET_PAST_LIVE_READER)) {
            return pager.oldestReaderMark();
        }
        // Mutation: a reader of this generation that began once everything before it was home (at or
        // past what the last pass had copied when this one was planned) is taken for one that reads
        // the database file, as if it were at the end. The commits since it began are not part of
        // its snapshot: the pass copies them home and resets the WAL, and the reader then finds
        // pages newer than its snapshot at home.
        int oldest = Integer.MAX_VALUE;
        for (Snapshot reader : pager.readers) {
            int mark = reader.generation == pager.generation ? reader.frames : 0;
            oldest = Math.min(oldest, reader.generation == pager.generation && mark >= from ? end : mark);
        }
        return oldest;
    }

    private boolean walSyncNeeded() {
        if (!sync || pager.durableFrames >= limit) {
            return false;
        }
        if (pager.mutations.contains(UnsafeMutation.BACKFILL_BEFORE_COMMIT_DURABLE)) {
            // Mutation: pages of commits whose frames may still be only in the page cache go
            // home. A cut that loses those frames leaves part of a commit in the database file
            // that recovery cannot see, and cannot undo.
            return false;
        }
        if (background && pager.mutations.contains(UnsafeMutation.BACKGROUND_BACKFILL_BEFORE_DURABLE)) {
            // Mutation: the background checkpointer takes what was published for durable. In NORMAL
            // durability it is not, and a cut that loses the frames leaves part of a commit home.
            return false;
        }
        // A page must not reach home before its commit is durable in the WAL: a cut would
        // otherwise leave the database file with part of a commit recovery cannot see.
        return true;
    }

    /** The next step after planning or a WAL sync: the first page to copy, or what follows the copies. */
    private CheckpointStep firstCopyOrAfter() {
        return skipToNextCopy() ? CheckpointStep.COPY_PAGE : afterCopies();
    }

    /** Moves {@link #nextPage} to the next page that is not home yet; false when none is left. */
    private boolean skipToNextCopy() {
        while (nextPage < pages.size()) {
            int pageId = pages.get(nextPage);
            int newest;
            synchronized (pager.lock) {
                newest = pager.index.newest(pageId, limit);
            }
            boolean header = pageId == 0 && everyFrame;
            if (newest >= from || header) {
                return true;
            }
            nextPage++; // already home since an earlier checkpoint of this generation
        }
        return false;
    }

    /** What follows the last copy: the home sync (unless deferred), then the reset. */
    private CheckpointStep afterCopies() {
        if (sync && !homeSyncDeferred) {
            return CheckpointStep.SYNC_HOME;
        }
        pager.backfilled = limit;
        return afterHomeSync();
    }

    /** After the copies, with no home sync before the reset (syncs off, or deferred by a mutation). */
    private CheckpointStep afterHomeSync() {
        if (everyFrame) {
            return CheckpointStep.RESET;
        }
        return homeSyncDeferred ? CheckpointStep.SYNC_HOME : CheckpointStep.DONE;
    }

    CheckpointStep next() {
        return next;
    }

    boolean done() {
        return next == CheckpointStep.DONE;
    }

    /** Takes the next step. An I/O error leaves the pass where it was; the caller fails stop. */
    void step() throws IOException {
        switch (next) {
            case SYNC_WAL -> {
                // Makes the frames below the limit durable first: a page home ahead of its commit's
                // frames would, after a cut that loses them, be part of a commit recovery cannot see.
                pager.syncWal();
                next = firstCopyOrAfter();
            }
            case COPY_PAGE -> {
                copy(pages.get(nextPage));
                nextPage++;
                next = skipToNextCopy() ? CheckpointStep.COPY_PAGE : afterCopies();
            }
            case SYNC_HOME -> {
                // The WAL may be reset only once the pages copied home are durable; a cut after a
                // reset that outran these writes would lose those commits.
                pager.syncHome();
                if (homeSyncDeferred) {
                    next = CheckpointStep.DONE; // the deferred sync comes last (mutation)
                } else {
                    pager.backfilled = limit;
                    next = everyFrame ? CheckpointStep.RESET : CheckpointStep.DONE;
                }
            }
            case RESET -> {
                resetIfStillEveryFrame();
                next = homeSyncDeferred ? CheckpointStep.SYNC_HOME : CheckpointStep.DONE;
            }
            case DONE -> throw new IllegalStateException("the checkpoint pass is done");
        }
    }

    private void copy(int pageId) throws IOException {
        boolean header = pageId == 0 && everyFrame;
        byte[] image = pager.load(upTo, pageId, checksum);
        if (header) {
            image = pager.withHomeDigest(image, endDigest, checksum);
        }
        pager.db.writeFully((long) pageId * Page.SIZE, ByteBuffer.wrap(image));
        pager.cache.put(pageId, PageCache.HOME, image);
        pagesWritten++;
    }

    /** Every frame is home: the database file now holds the committed state, digest and all. */
    private void resetIfStillEveryFrame() throws IOException {
        synchronized (pager.lock) {
            if (background && pager.mutations.contains(UnsafeMutation.BACKGROUND_RESET_OVER_NEW_COMMITS)) {
                // Mutation: no second look. Commits that arrived while the pages were copied have
                // frames past the planned end that are not home; the reset retires them, and with
                // them those commits.
            } else if (pager.committedFrames != end || pager.appendedFrames != end
                    || !ignoresReaders() && oldestReaderMark() < end) {
                // Commits arrived since the plan (published, or appended and waiting for a group
                // sync): their frames are not home; a later pass takes them.
                return;
            }
        }
        pager.wal.reset(pager.wal.checkpointSequence() + 1, sync, endDigest);
        synchronized (pager.lock) {
            pager.generation++;
            pager.index.clear();
            pager.committedFrames = 0;
            pager.committedHeader = pager.committedHeader.withHomeDigest(endDigest); // as page 0 now reads from home
            pager.appendNothingPending();
        }
        pager.backfilled = 0;
        pager.durableFrames = 0;
        reset = true;
    }

    /** Unregisters a background pass's snapshot: once it is done, has failed, or was not needed. */
    void release() {
        if (background) {
            synchronized (pager.lock) {
                pager.readers.remove(upTo);
            }
        }
    }

    /** What the pass did (so far, once it is done: all of it). */
    Pager.CheckpointResult result() {
        return new Pager.CheckpointResult(pagesWritten, limit - from, reset);
    }
}
