package dev.crashbench.bench.contender;

import dev.crashbench.bench.Workload;
import java.util.Set;

/**
 * One configuration the bench measures: a reference engine configuration, SQLite, H2, or the
 * disk's floor. Names are unique within a run and appear in every file the run writes.
 */
public sealed interface Contender permits JdbcContender, Floor {

    /** Short unique name: {@code crashbench}, {@code sqlite-full}, {@code floor}. */
    String name();

    /** Its settings in words, for the report. */
    String settings();

    /** Whether an acknowledged commit survives a power cut, as far as its settings promise. */
    boolean durable();

    /** Whether the recovery gate decides if its figures count (only the reference engine's configurations). */
    boolean gated();

    /** The workloads it takes part in. */
    Set<Workload> workloads();
}
