package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How many crash states per second the explorer checks on this machine, healthy engine, default
 * target: the exhaustive tier on one workload of the default shape (20 commits), the random tier
 * over a run of seeds, and the standard campaign up to a states budget. Each is run
 * {@code warmups} times unmeasured (the first of them, in a fresh JVM, is printed as the cold
 * figure), then {@code runs} times; the median run is the figure. Besides the wall clock it
 * prints the process's CPU time per state, which a machine shared with other work disturbs less.
 * A benchmark, not a test: it asserts nothing about time.
 *
 * <p>{@code java -cp ... dev.crashbench.recovery.explore.ExplorerBenchmark [--threads N]
 * [--dedup on|off] [--runs N] [--warmups N] [--workload-seed S] [--random-seeds N]
 * [--campaign-states N] [--only exhaustive|random|campaign]}
 */
public final class ExplorerBenchmark {

    /**
     * What to measure.
     *
     * @param execution      threads and deduplication
     * @param warmups        unmeasured runs of each measurement first
     * @param runs           measured runs of each
     * @param workloadSeed   the exhaustive tier's workload: {@code WorkloadGenerator.DEFAULT.generate(seed)}
     * @param randomSeeds    the random tier's seeds per run ({@code Seeds.mix(11, i)})
     * @param campaignStates the standard campaign's states budget (seed 1)
     * @param only           one measurement (exhaustive, random, campaign), or null for all
     */
    public record Options(Execution execution, int warmups, int runs, long workloadSeed, int randomSeeds,
                          long campaignStates, String only) {
        public static Options defaults() {
            return new Options(Execution.defaults(), 2, 5, 7, 500, 20_000, null);
        }
    }

    /** One run's figures. */
    public record Figure(long states, long deduplicated, int violations, double seconds, double cpuSeconds) {
        public double statesPerSecond() {
            return states / seconds;
        }

        public double cpuMicrosPerState() {
            return cpuSeconds * 1e6 / states;
        }
    }

    /** One measurement: its cold run (the first warm-up) and its measured runs. */
    public record Measurement(String name, Figure cold, List<Figure> runs) {
        public Figure median() {
            List<Figure> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Figure::statesPerSecond));
            return sorted.get(sorted.size() / 2);
        }
    }

    private ExplorerBenchmark() {
    }

    public static List<Measurement> run(Options options, PrintWriter out) {
        Execution execution = options.execution();
        out.printf(Locale.ROOT, "explorer benchmark: %s, %d warm-up + %d measured runs each, %d processors%n",
                execution.describe(), options.warmups(), options.runs(), Runtime.getRuntime().availableProcessors());
        List<Measurement> measurements = new ArrayList<>();
        Workload workload = WorkloadGenerator.DEFAULT.generate(options.workloadSeed());
        if (wanted(options, "exhaustive")) {
            measurements.add(measure("exhaustive, workload seed " + options.workloadSeed(), options, out, () -> {
                Exploration e = new Exploration(Budget.states(Long.MAX_VALUE / 2), x -> { }, System::nanoTime,
                        execution);
                new ExhaustiveExplorer(ReferenceTargets.defaults()).explore(workload, 3, e);
                return e;
            }));
        }
        if (wanted(options, "random")) {
            measurements.add(measure("random, " + options.randomSeeds() + " seeds", options, out, () -> {
                Exploration e = new Exploration(Budget.states(Long.MAX_VALUE / 2), x -> { }, System::nanoTime,
                        execution);
                RandomExplorer random = new RandomExplorer(ReferenceTargets.defaults(), EnumSet.allOf(FaultFamily.class),
                        WorkloadGenerator.DEFAULT);
                e.produce(() -> {
                    for (int i = 0; i < options.randomSeeds(); i++) {
                        random.enqueue(Seeds.mix(11, i), e, true);
                    }
                });
                return e;
            }));
        }
        if (wanted(options, "campaign")) {
            measurements.add(measure("standard campaign, " + options.campaignStates() + " states", options, out,
                    () -> Campaign.standard(ReferenceTargets.defaults(), 1, Budget.states(options.campaignStates()))
                            .run(x -> { }, System::nanoTime, execution)));
        }
        out.flush();
        return measurements;
    }

    private static boolean wanted(Options options, String name) {
        return options.only() == null || options.only().equals(name);
    }

    private static Measurement measure(String name, Options options, PrintWriter out, Supplier<Exploration> body) {
        Figure cold = null;
        for (int i = 0; i < options.warmups(); i++) {
            Figure f = once(body);
            if (cold == null) {
                cold = f;
                print(out, name + " (cold)", f);
            }
        }
        List<Figure> runs = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            runs.add(once(body));
        }
        Measurement m = new Measurement(name, cold, runs);
        print(out, name + " (median of " + runs.size() + ")", m.median());
        return m;
    }

    private static Figure once(Supplier<Exploration> body) {
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        Exploration e = body.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        return new Figure(e.statesChecked(), e.statesDeduplicated(), e.found().size(), seconds, cpu);
    }

    private static void print(PrintWriter out, String name, Figure f) {
        out.printf(Locale.ROOT, "%-48s %7d states (%5.1f%% deduplicated) %3d violations %7.3f s %8.0f states/s"
                        + "  %6.1f CPU us/state%n", name, f.states(), 100.0 * f.deduplicated() / f.states(),
                f.violations(), f.seconds(), f.statesPerSecond(), f.cpuMicrosPerState());
        out.flush();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    public static void main(String[] args) {
        Options o = Options.defaults();
        Execution execution = o.execution();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--threads" -> execution = execution.withThreads(Integer.parseInt(value));
                case "--dedup" -> execution = execution.withDeduplication(value.equals("on"));
                case "--runs" -> o = new Options(o.execution(), o.warmups(), Integer.parseInt(value), o.workloadSeed(),
                        o.randomSeeds(), o.campaignStates(), o.only());
                case "--warmups" -> o = new Options(o.execution(), Integer.parseInt(value), o.runs(), o.workloadSeed(),
                        o.randomSeeds(), o.campaignStates(), o.only());
                case "--workload-seed" -> o = new Options(o.execution(), o.warmups(), o.runs(), Long.parseLong(value),
                        o.randomSeeds(), o.campaignStates(), o.only());
                case "--random-seeds" -> o = new Options(o.execution(), o.warmups(), o.runs(), o.workloadSeed(),
                        Integer.parseInt(value), o.campaignStates(), o.only());
                case "--campaign-states" -> o = new Options(o.execution(), o.warmups(), o.runs(), o.workloadSeed(),
                        o.randomSeeds(), Long.parseLong(value), o.only());
                case "--only" -> o = new Options(o.execution(), o.warmups(), o.runs(), o.workloadSeed(),
                        o.randomSeeds(), o.campaignStates(), value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        run(new Options(execution, o.warmups(), o.runs(), o.workloadSeed(), o.randomSeeds(), o.campaignStates(),
                o.only()), new PrintWriter(System.out, true));
    }
}
