package dev.crashbench.recovery.sqlite;

import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.explore.SurvivalPatterns;
import dev.crashbench.vfs.DiskModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Cuts the power under SQLite at every step of a small workload and judges every crash image.
 *
 * <p>The workload runs once on an honest SimDisk: {@code commits} transactions, each putting one
 * value (and every third also deleting a key), so every commit leaves a distinct table. The disk's
 * fault plan is a hook called before each step (and once more after the last): it builds the crash
 * image of a cut there for every bounded survival pattern of the pending operations
 * ({@link SurvivalPatterns}: lose all, keep all, prefixes, all but one, single torn writes), with
 * the number of commits acknowledged so far and whether a commit was in flight. After the run,
 * each image is opened with SQLite (which recovers), checked with {@code PRAGMA integrity_check},
 * and its table must equal the model after every acknowledged commit, or after the one in flight
 * too: nothing acknowledged lost, nothing else appeared.
 */
final class SqliteCrashLoop {
    static final String DB = "app.db";
    private static final String TABLE = "kv";

    private final SqliteConfig config;
    private final DiskModel diskModel;
    private final int commits;
    /** The table after each number of commits: models.get(0) is the empty table. */
    private final List<Map<Long, String>> models = new ArrayList<>();

    /** One crash state: the image, and what the workload had been told when the power went. */
    private record State(CrashImage image, int acknowledged, boolean inFlight) {
    }

    /** A state that broke the rule. */
    record Violation(int cutStep, String kind, String detail, List<PendingOp> lostOps) {
        String describe() {
            return "cut before step " + cutStep + ": " + kind + ": " + detail;
        }

        boolean lostUnlinkOf(String path) {
            return lostOps.stream().anyMatch(op -> op instanceof PendingOp.Unlink u && u.path().equals(path));
        }
    }

    /** What a loop checked and found. */
    record Result(String configuration, int steps, int states, int acknowledged, List<Violation> violations,
                  long millis) {
        double statesPerSecond() {
            return states * 1000.0 / Math.max(1, millis);
        }

        String summary() {
            return configuration + ": " + states + " crash states over " + steps + " steps in " + millis + " ms ("
                    + Math.round(statesPerSecond()) + " states/s), " + acknowledged + " commits acknowledged, "
                    + violations.size() + " violation(s)"
                    + (violations.isEmpty() ? "" : "; first: " + violations.get(0).describe());
        }
    }

    SqliteCrashLoop(SqliteConfig config, DiskModel diskModel, int commits) {
        this.config = config;
        this.diskModel = diskModel;
        this.commits = commits;
        Map<Long, String> table = new TreeMap<>();
        models.add(Map.copyOf(table));
        for (int i = 0; i < commits; i++) {
            applyCommit(table, i);
            models.add(Map.copyOf(table));
        }
    }

    private static void applyCommit(Map<Long, String> table, int i) {
        table.put((long) (i % 4), "commit " + i);
        if (i % 3 == 2) {
            table.remove((long) ((i + 1) % 4));
        }
    }

    /** Judges every state. */
    Result run() throws Exception {
        return run(v -> false);
    }

    /**
     * Runs the workload and judges its states in order of their cut step.
     *
     * @param enough a violation after which to stop judging (a must-fail check needs only the one
     *               it expects); the result then counts the states judged
     */
    Result run(Predicate<Violation> enough) throws Exception {
        long start = System.nanoTime();
        Hook hook = new Hook();
        SimDisk disk = new SimDisk(new SimDiskConfig(diskModel, config.seed(), Long.MAX_VALUE), hook);
        hook.disk = disk;
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, DB, config)) {
            KeyValueTable kv = db.keyValueTable(TABLE);
            for (int i = 0; i < commits; i++) {
                kv.begin();
                kv.put(i % 4, ("commit " + i).getBytes(StandardCharsets.UTF_8));
                if (i % 3 == 2) {
                    kv.delete((i + 1) % 4);
                }
                hook.inFlight = true;
                kv.commit();
                hook.inFlight = false;
                hook.acknowledged = i + 1;
            }
        }
        hook.captureAt(disk.step());
        List<Violation> violations = new ArrayList<>();
        int judged = 0;
        for (State state : hook.states) {
            judged++;
            Optional<Violation> found = judge(state);
            found.ifPresent(violations::add);
            if (found.isPresent() && enough.test(found.get())) {
                break;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(config.describe() + " on " + diskModel.describe(), disk.step(), judged,
                hook.acknowledged, violations, millis);
    }

    /** The fault plan that never injects: before each step it records the crash images of a cut there. */
    private final class Hook implements FaultPlan {
        final List<State> states = new ArrayList<>();
        SimDisk disk;
        int acknowledged;
        boolean inFlight;

        @Override
        public Optional<Fault> decide(OpContext context) {
            captureAt(context.step());
            return Optional.empty();
        }

        void captureAt(int step) {
            for (Survival survival : SurvivalPatterns.enumerate(disk.pendingOps(), diskModel)) {
                states.add(new State(disk.crashImage(survival), acknowledged, inFlight));
            }
        }

        @Override
        public String describe() {
            return "crash-loop hook (no faults)";
        }
    }

    private Optional<Violation> judge(State state) {
        CrashImage image = state.image();
        List<PendingOp> lost = new ArrayList<>();
        for (int i = 0; i < image.pending().size(); i++) {
            if (image.fates().get(i) instanceof OpFate.Lost) {
                lost.add(image.pending().get(i));
            }
        }
        Map<Long, String> found;
        SqliteConfig recovery = new SqliteConfig(config.journalMode(), config.synchronous(), config.seed() + 1);
        try (SqliteOnVfs db = SqliteOnVfs.open(image.disk(), DB, recovery)) {
            List<String> integrity = db.integrityCheck();
            if (!integrity.equals(List.of("ok"))) {
                return Optional.of(new Violation(image.cutStep(), "corrupt", "integrity_check says " + integrity,
                        lost));
            }
            found = asStrings(db.keyValueTable(TABLE).all());
        } catch (SqliteException e) {
            return Optional.of(new Violation(image.cutStep(), e.isCorruption() ? "corrupt" : "refused",
                    e.getMessage(), lost));
        } catch (PowerCutException e) {
            throw new IllegalStateException("a crash image has no faults, yet " + e.getMessage(), e);
        }
        int acked = state.acknowledged();
        if (found.equals(models.get(acked)) || (state.inFlight() && found.equals(models.get(acked + 1)))) {
            return Optional.empty();
        }
        int older = models.subList(0, acked).indexOf(found);
        String detail = older >= 0
                ? "the table is the one after " + older + " commits, but " + acked + " were acknowledged"
                : "the table " + found + " is no state the commits went through (" + acked + " acknowledged)";
        return Optional.of(new Violation(image.cutStep(), older >= 0 ? "lost acknowledged commits" : "wrong content",
                detail, lost));
    }

    private static Map<Long, String> asStrings(SortedMap<Long, byte[]> table) {
        Map<Long, String> out = new HashMap<>();
        table.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
