package dev.crashbench.recovery.crashloop;

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
import dev.crashbench.vfs.Vfs;
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
 * Cuts the power under a third-party engine's key/value table at every step of a small workload
 * and judges every crash image, with the engine's own code doing the recovery.
 *
 * <p>The workload runs once on an honest SimDisk: {@code commits} transactions, each putting one
 * value (and every third also deleting a key), so every commit leaves a distinct table. The disk's
 * fault plan is a hook called before each step (and once more after the last): it builds the crash
 * image of a cut there for every bounded survival pattern of the pending operations
 * ({@link SurvivalPatterns}: lose all, keep all, prefixes, all but one, single torn writes), with
 * the number of commits acknowledged so far and whether a commit was in flight. After the run,
 * each image is opened by the engine (which recovers), checked with its integrity check where it
 * has one, and its table must equal the model after every acknowledged commit, or after the one
 * in flight too: nothing acknowledged lost, nothing else appeared.
 *
 * <p>This is the SQLite and H2 adapters' interim loop; the engine-under-test SPI's explorer
 * replaces it.
 */
public final class KeyValueCrashLoop {
    private static final String TABLE = "kv";

    private final Engine engine;
    private final DiskModel diskModel;
    private final long seed;
    private final int commits;
    /** The table after each number of commits: models.get(0) is the empty table. */
    private final List<Map<Long, String>> models = new ArrayList<>();

    /** An engine the loop drives. */
    public interface Engine {
        /** The engine and its configuration, for the summary. */
        String describe();

        /**
         * Opens the key/value table {@code table} on {@code disk}, creating it if missing.
         *
         * @param recovery false for the workload's run, true for the opening of a crash image
         */
        Session open(Vfs disk, String table, boolean recovery) throws Exception;

        /**
         * What a failure to open or read a crash image was: {@code "corrupt"} when the engine
         * detected damage, {@code "refused"} for any other error it reported; empty for an exception
         * that is no report of the engine (a bug of the loop), which is passed on.
         */
        Optional<String> classify(Exception e);
    }

    /** One open table of an {@link Engine}. */
    public interface Session extends AutoCloseable {
        void begin() throws Exception;

        void put(long key, byte[] value) throws Exception;

        void delete(long key) throws Exception;

        /** Returns once the commit is as durable as the engine's configuration promises. */
        void commit() throws Exception;

        /** Every key and value, in key order. */
        SortedMap<Long, byte[]> all() throws Exception;

        /** What the engine's integrity check reports as wrong; empty when it has none or finds nothing. */
        List<String> integrityProblems() throws Exception;
    }

    /** One crash state: the image, and what the workload had been told when the power went. */
    private record State(CrashImage image, int acknowledged, boolean inFlight) {
    }

    /** A state that broke the rule; {@code acknowledged} counts the commits acknowledged before the cut. */
    public record Violation(int cutStep, int acknowledged, String kind, String detail, List<PendingOp> lostOps) {
        public String describe() {
            return "cut before step " + cutStep + ": " + kind + ": " + detail;
        }

        public boolean lostUnlinkOf(String path) {
            return lostOps.stream().anyMatch(op -> op instanceof PendingOp.Unlink u && u.path().equals(path));
        }

        /** Whether the directory entry that created {@code path} was among the lost operations. */
        public boolean lostCreationOf(String path) {
            return lostOps.stream().anyMatch(op -> op instanceof PendingOp.Link l && l.path().equals(path));
        }
    }

    /** What a loop checked and found. */
    public record Result(String configuration, int steps, int states, int acknowledged, List<Violation> violations,
                         long millis) {
        public double statesPerSecond() {
            return states * 1000.0 / Math.max(1, millis);
        }

        public String summary() {
            return configuration + ": " + states + " crash states over " + steps + " steps in " + millis + " ms ("
                    + Math.round(statesPerSecond()) + " states/s), " + acknowledged + " commits acknowledged, "
                    + violations.size() + " violation(s)"
                    + (violations.isEmpty() ? "" : "; first: " + violations.get(0).describe());
        }
    }

    public KeyValueCrashLoop(Engine engine, DiskModel diskModel, long seed, int commits) {
        this.engine = engine;
        this.diskModel = diskModel;
        this.seed = seed;
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
    public Result run() throws Exception {
        return run(v -> false);
    }

    /**
     * Runs the workload and judges its states in order of their cut step.
     *
     * @param enough a violation after which to stop judging (a must-fail check needs only the one
     *               it expects); the result then counts the states judged
     */
    public Result run(Predicate<Violation> enough) throws Exception {
        long start = System.nanoTime();
        Hook hook = new Hook();
        SimDisk disk = new SimDisk(new SimDiskConfig(diskModel, seed, Long.MAX_VALUE), hook);
        hook.disk = disk;
        try (Session kv = engine.open(disk, TABLE, false)) {
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
        return new Result(engine.describe() + " on " + diskModel.describe(), disk.step(), judged,
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

    private Optional<Violation> judge(State state) throws Exception {
        CrashImage image = state.image();
        List<PendingOp> lost = new ArrayList<>();
        for (int i = 0; i < image.pending().size(); i++) {
            if (image.fates().get(i) instanceof OpFate.Lost) {
                lost.add(image.pending().get(i));
            }
        }
        Map<Long, String> found;
        try (Session kv = engine.open(image.disk(), TABLE, true)) {
            List<String> problems = kv.integrityProblems();
            if (!problems.isEmpty()) {
                return Optional.of(new Violation(image.cutStep(), state.acknowledged(), "corrupt", "integrity check says " + problems,
                        lost));
            }
            found = asStrings(kv.all());
        } catch (PowerCutException e) {
            throw new IllegalStateException("a crash image has no faults, yet " + e.getMessage(), e);
        } catch (Exception e) {
            Optional<String> kind = engine.classify(e);
            if (kind.isEmpty()) {
                throw e;
            }
            return Optional.of(new Violation(image.cutStep(), state.acknowledged(), kind.get(), e.getMessage(), lost));
        }
        int acked = state.acknowledged();
        if (found.equals(models.get(acked)) || (state.inFlight() && found.equals(models.get(acked + 1)))) {
            return Optional.empty();
        }
        int older = models.subList(0, acked).indexOf(found);
        String detail = older >= 0
                ? "the table is the one after " + older + " commits, but " + acked + " were acknowledged"
                : "the table " + found + " is no state the commits went through (" + acked + " acknowledged)";
        return Optional.of(new Violation(image.cutStep(), acked, older >= 0 ? "lost acknowledged commits" : "wrong content",
                detail, lost));
    }

    private static Map<Long, String> asStrings(SortedMap<Long, byte[]> table) {
        Map<Long, String> out = new HashMap<>();
        table.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
