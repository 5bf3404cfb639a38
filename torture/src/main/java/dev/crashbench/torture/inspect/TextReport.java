package dev.crashbench.torture.inspect;

import dev.crashbench.torture.inspect.Columns.Align;
import java.io.PrintWriter;

/** Prints an {@link Inspection} for people: fields as name / value, pages and frames as aligned tables. */
public final class TextReport {
    private TextReport() {
    }

    public static void print(Inspection inspection, PrintWriter out) {
        if (inspection instanceof DbInspection db) {
            printDb(db, out);
        } else if (inspection instanceof WalInspection wal) {
            printWal(wal, out);
        }
        out.flush();
    }

    private static void printDb(DbInspection db, PrintWriter out) {
        DbInspection.Header h = db.header();
        Columns fields = new Columns(Align.LEFT, Align.LEFT)
                .row("file", db.file())
                .row("kind", "database")
                .row("size", db.sizeBytes() + " bytes: " + db.pagesInFile() + (db.pagesInFile() == 1 ? " page" : " pages")
                        + (db.partialPageBytes() > 0 ? " + " + db.partialPageBytes() + " bytes" : ""))
                .row("magic", h.magic())
                .row("version", h.version())
                .row("page size", h.pageSize())
                .row("page count", h.pageCount())
                .row("free list", "head " + h.freeListHead() + ", " + h.freePageCount() + " pages")
                .row("catalog root", h.catalogRoot())
                .row("checkpoint seq", h.checkpointSequence())
                .row("home digest", h.homeDigest())
                .row("header checksum", h.storedChecksum() + " " + (h.checksumValid() ? "valid" : "INVALID"))
                .row("header", h.problem() == null ? "valid" : "INVALID: " + h.problem());
        fields.print(out);
        if (db.pages() == null) {
            return;
        }
        out.println();
        Columns pages = new Columns(Align.RIGHT, Align.RIGHT, Align.LEFT, Align.LEFT)
                .row("page", "offset", "type", "checksum");
        for (DbInspection.PageLine page : db.pages()) {
            pages.row(page.id(), page.offset(), page.type(), page.checksumValid() ? "valid" : "INVALID");
        }
        pages.print(out);
        if (db.pagesNotListed() > 0) {
            out.println("... " + db.pagesNotListed() + " more pages not listed (--limit)");
        }
    }

    private static void printWal(WalInspection wal, PrintWriter out) {
        WalInspection.Header h = wal.header();
        Columns fields = new Columns(Align.LEFT, Align.LEFT)
                .row("file", wal.file())
                .row("kind", "WAL")
                .row("size", wal.sizeBytes() + " bytes: header region + " + wal.frameSlots() + " frame slots"
                        + (wal.partialFrameBytes() > 0 ? " + " + wal.partialFrameBytes() + " bytes of a partial frame" : ""))
                .row("magic", h.magic())
                .row("version", h.version())
                .row("page size", h.pageSize())
                .row("salt", h.salt())
                .row("checkpoint seq", h.checkpointSequence())
                .row("page digest", h.pageDigest())
                .row("header checksum", h.storedChecksum() + " " + (h.checksumValid() ? "valid" : "INVALID"))
                .row("header", h.problem() == null ? "valid" : "INVALID: " + h.problem());
        fields.print(out);
        out.println();
        Columns frames = new Columns(Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.LEFT,
                Align.RIGHT, Align.RIGHT, Align.LEFT, Align.LEFT, Align.LEFT)
                .row("frame", "offset", "page", "commit", "salt", "seq", "epoch", "checksum", "chain", "recovery");
        int nextRun = 0;
        for (WalInspection.FrameLine f : wal.frames()) {
            while (nextRun < wal.emptySlots().size() && wal.emptySlots().get(nextRun).first() < f.index()) {
                emptyRun(frames, wal.emptySlots().get(nextRun++));
            }
            frames.row(f.index(), f.offset(), f.pageId(), f.commitSize() == null ? "-" : f.commitSize(),
                    f.saltMatches() ? "header" : f.salt(), f.commitSequence(), f.epoch(), f.checksum(),
                    f.checksumValid() ? "valid" : "INVALID", fate(f.fate()));
        }
        while (nextRun < wal.emptySlots().size()) {
            emptyRun(frames, wal.emptySlots().get(nextRun++));
        }
        frames.print(out);
        if (wal.slotsNotListed() > 0) {
            out.println("... " + wal.slotsNotListed() + " more frame slots not listed (--limit)");
        }
        out.println(wal.recovery().summary());
    }

    private static void emptyRun(Columns frames, WalInspection.SlotRun run) {
        long count = run.last() - run.first() + 1;
        frames.note(run.first() == run.last() ? String.valueOf(run.first()) : run.first() + "-" + run.last(),
                count + (count == 1 ? " slot" : " slots") + " all zero (never written)");
    }

    private static String fate(WalInspection.FrameFate fate) {
        return switch (fate) {
            case REPLAYED -> "replayed";
            case UNCOMMITTED -> "dropped: no commit marker";
            case NOT_REPLAYED -> "not replayed";
        };
    }
}
