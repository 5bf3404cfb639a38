package dev.crashbench.recovery.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The outcome counts of a corruption fuzz run, per damage kind, and its failures. */
public final class FuzzReport {
    /** How many failures are kept with their damage described. */
    private static final int FAILURES_KEPT = 20;

    /** One failed copy: its index (to run it again), the damage, and the outcome. */
    public record Failure(int copy, DamageKind kind, String damage, Outcome outcome) {
        public String describe() {
            return "copy " + copy + " (" + kind + ": " + damage + "): " + outcome.describe();
        }
    }

    private final long seed;
    private final int copies;
    private final Map<DamageKind, Map<Outcome, Integer>> counts = new EnumMap<>(DamageKind.class);
    private final List<Failure> failures = new ArrayList<>();
    private int failureCount;

    FuzzReport(long seed, int copies) {
        this.seed = seed;
        this.copies = copies;
        for (DamageKind kind : DamageKind.values()) {
            counts.put(kind, new EnumMap<>(Outcome.class));
        }
    }

    void add(int copy, Damager.Copy damaged, Outcome outcome) {
        counts.get(damaged.kind()).merge(outcome, 1, Integer::sum);
        if (outcome.isFailure()) {
            failureCount++;
            if (failures.size() < FAILURES_KEPT) {
                failures.add(new Failure(copy, damaged.kind(), damaged.what(), outcome));
            }
        }
    }

    /** How many copies of {@code kind} ended in {@code outcome}. */
    public int count(DamageKind kind, Outcome outcome) {
        return counts.get(kind).getOrDefault(outcome, 0);
    }

    public int failureCount() {
        return failureCount;
    }

    /** The first failures, with their damage. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The table: one row per damage kind, one column per outcome, then the failures. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("corruption fuzz: ").append(copies).append(" damaged copies, seed ").append(seed)
                .append(", a checkpointed part and a ").append(FuzzBase.TAIL_COMMITS).append("-commit WAL tail\n");
        out.append(String.format("%-18s", "damage"));
        for (Outcome outcome : Outcome.values()) {
            out.append(String.format(" %10s", shortName(outcome)));
        }
        out.append('\n');
        for (DamageKind kind : DamageKind.values()) {
            out.append(String.format("%-18s", kind.name().toLowerCase()));
            for (Outcome outcome : Outcome.values()) {
                out.append(String.format(" %10d", count(kind, outcome)));
            }
            out.append('\n');
        }
        out.append("failures: ").append(failureCount).append('\n');
        for (Failure failure : failures) {
            out.append("  ").append(failure.describe()).append('\n');
        }
        return out.toString();
    }

    private static String shortName(Outcome outcome) {
        return switch (outcome) {
            case CLEAN_ERROR -> "error";
            case ALL_COMMITS -> "all";
            case ACKNOWLEDGED_PREFIX -> "prefix";
            case LOST_COMMITS -> "LOST";
            case WRONG_DATA -> "WRONG";
            case FOREIGN_EXCEPTION -> "FOREIGN";
            case HANG -> "HANG";
            case OUT_OF_MEMORY -> "OOM";
        };
    }
}
