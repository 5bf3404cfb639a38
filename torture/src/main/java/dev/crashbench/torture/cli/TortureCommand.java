package dev.crashbench.torture.cli;

import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.reference.ReferenceEngine;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSpec;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.Engines;
import dev.crashbench.spi.OptionText;
import dev.crashbench.torture.campaign.ProgressReporter;
import dev.crashbench.torture.campaign.ReplayWriter;
import dev.crashbench.torture.campaign.TortureSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code crashbench torture}: a crash-recovery campaign against an engine under test (the reference engine by default) on SimDisk. */
@Command(name = "torture", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a crash-recovery campaign: generate workloads from the seed, run them on SimDisk, "
                + "cut the power or inject faults, recover every crash image and check the oracle's rules "
                + "(the database opens, its integrity check is clean, it holds a hole-free prefix of the commits "
                + "with every acknowledged one, recovery is idempotent, reads saw committed data).",
                "Tiers: exhaustive (every step x every bounded survival pattern of the pending writes), random "
                        + "(seeded fault plans, fault rates drawn per seed), compound (a cut or an I/O error during "
                        + "recovery or its first checkpoint).",
                "Each violation is written as a replay file under OUT/replays the moment it is found; "
                        + "OUT/summary.json holds the campaign's parameters and results. The same seed, shard, "
                        + "tiers, faults and options explore the same states on any machine."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the budget was spent and no rule broke",
                "1:a violation was found (see its replay file)",
                "2:bad usage",
                "3:internal error"})
public final class TortureCommand implements Callable<Integer> {
    static final long DEFAULT_STATES = 20_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Campaign seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--states", paramLabel = "N",
            description = "Stop after N crash states (default " + DEFAULT_STATES + " when no budget is given).")
    Long states;

    @Option(names = "--time", paramLabel = "SECONDS",
            description = "Stop after this many seconds. Time decides only when to stop: the seeds covered replay "
                    + "exactly.")
    Double seconds;

    @Option(names = "--seeds", paramLabel = "N", description = "Stop after N workload seeds.")
    Long seeds;

    @Option(names = "--tier", paramLabel = "TIER", split = ",",
            description = "exhaustive, random, compound or all; repeatable or comma-separated (default: all).")
    List<String> tierNames = new ArrayList<>(List.of("all"));

    @Option(names = "--faults", paramLabel = "FAMILIES",
            description = "Fault families of the random tier, comma-separated, or all (default: ${DEFAULT-VALUE}): "
                    + "power, lying-sync, sync-error, io-error, short-write, no-space, bit-rot, misdirected, "
                    + "early-write-back.")
    String faults = "all";

    @Option(names = "--engine", paramLabel = "ID[:KEY=VALUE,...]",
            description = "The engine under test, found by id among the engines on the class path, and its "
                    + "options in one key=value[,key=value] list (default: ${DEFAULT-VALUE}). The reference "
                    + "engine starts from the torture sizes (cache_size_pages=16, auto_checkpoint_frames=12, "
                    + "wal_preallocated_frames=8). --engine-option adds one option more, after these.")
    String engine = ReferenceEngine.ID;

    @Mixin
    EngineOptionsMixin engineOptions;

    @Option(names = "--disk", paramLabel = "MODEL",
            description = "Simulated device: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SimulatedDisk disk = SimulatedDisk.worst_case;

    @Option(names = "--commits", paramLabel = "N",
            description = "Commits per generated workload (default: ${DEFAULT-VALUE}).")
    int commits = WorkloadGenerator.DEFAULT.commits();

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run shard I of N (from 1/N to N/N): shards explore disjoint seeds, so N machines can "
                    + "split one campaign (default: 1/1).")
    String shard = "1/1";

    @Option(names = "--keep-going", description = "Collect every violation until the budget is spent, instead of "
            + "stopping at the first.")
    boolean keepGoing;

    @Option(names = "--out", paramLabel = "DIR", description = "Where replay files and summary.json go "
            + "(default: ${DEFAULT-VALUE}).")
    Path out = Path.of("crashbench-out", "torture");

    @Option(names = "--no-progress", description = "No progress bar or progress lines.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Campaign campaign = campaign();
        OutputPaths.requireDirectory("--out", out, spec.commandLine());
        String shardLabel = (campaign.shard() + 1) + "/" + campaign.shards();
        stdout.printf(Locale.ROOT, "crashbench torture: seed %d, shard %s, tiers %s, faults %s%n", seed, shardLabel,
                String.join(",", keys(campaign.tiers())), String.join(",", faultKeys(campaign.families())));
        stdout.println("engine options: " + OptionsText.compact(campaign.target().engine().options()));
        stdout.println("disk: " + campaign.target().diskModel());
        stdout.flush();

        ReplayWriter replays = new ReplayWriter(out.resolve("replays"), "seed" + seed);
        List<TortureSummary.ViolationEntry> entries = new ArrayList<>();
        Exploration exploration;
        try (ProgressReporter progress = new ProgressReporter(System.err, "torture", campaign.budget().maxStates(),
                ProgressReporter.terminalAttached())) {
            Exploration.Listener listener = new Exploration.Listener() {
                @Override
                public void stateChecked(Exploration e) {
                    if (!noProgress) {
                        progress.stateChecked(e);
                    }
                }

                @Override
                public void violationFound(Found found) {
                    if (!noProgress) {
                        progress.violationFound(found);
                    }
                    Path file = replays.write(found);
                    entries.add(new TortureSummary.ViolationEntry(found.violation().rule().name(),
                            found.crashCase().tier().key(), found.reproduced(), found.violation().describe(),
                            out.relativize(file).toString()));
                }
            };
            exploration = campaign.run(listener, System::nanoTime);
        }

        TortureSummary summary = summary(campaign, shardLabel, exploration, entries);
        summary.write(out.resolve("summary.json"));
        print(stdout, exploration, summary);
        return entries.isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATION;
    }

    /**
     * The configuration {@code --engine} and {@code --engine-option} name: the engine's defaults (for
     * the reference engine, the torture sizes), then the spec's options, then each {@code --engine-option}.
     */
    private EngineConfiguration engineConfiguration() {
        Map<String, String> extra = engineOptions.keyValues();
        try {
            EngineSpec named = EngineSpec.parse(engine);
            EngineUnderTest chosen = Engines.installed().byId(named.id());
            Map<String, String> options = new LinkedHashMap<>();
            if (chosen.id().equals(ReferenceEngine.ID)) {
                options.putAll(ReferenceTargets.torturedDefaults().toKeyValues());
            }
            options.putAll(named.options());
            options.putAll(extra);
            return chosen.configure(options);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine " + engine
                    + (extra.isEmpty() ? "" : " with --engine-option " + OptionText.format(extra)) + ": "
                    + e.getMessage());
        }
    }

    private Campaign campaign() {
        EngineConfiguration configuration = engineConfiguration();
        try {
            int[] parts = Shards.parse(shard);
            boolean noBudget = states == null && seconds == null && seeds == null;
            Budget budget = new Budget(noBudget ? DEFAULT_STATES : states == null ? 0 : states,
                    seconds == null ? 0 : seconds, seeds == null ? 0 : seeds, !keepGoing);
            WorkloadGenerator generator = new WorkloadGenerator(commits, WorkloadGenerator.DEFAULT.maxWritesPerTx(),
                    WorkloadGenerator.DEFAULT.keyRange());
            return new Campaign(new Target(configuration, disk.model), seed, tiers(), FaultFamily.parse(faults), generator,
                    parts[0], parts[1], budget);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Set<Tier> tiers() {
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        for (String name : tierNames) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals("all")) {
                tiers.addAll(EnumSet.allOf(Tier.class));
                continue;
            }
            Tier tier = null;
            for (Tier t : Tier.values()) {
                if (t.key().equals(key)) {
                    tier = t;
                }
            }
            if (tier == null) {
                throw new IllegalArgumentException("unknown tier '" + name + "'; known: exhaustive, random, compound, "
                        + "all");
            }
            tiers.add(tier);
        }
        return tiers;
    }

    private TortureSummary summary(Campaign campaign, String shardLabel, Exploration exploration,
                                   List<TortureSummary.ViolationEntry> entries) {
        Map<String, Long> byTier = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            byTier.put(t.key(), exploration.statesChecked(t));
        }
        Budget b = campaign.budget();
        double secondsTaken = exploration.seconds();
        WorkloadGenerator g = campaign.generator();
        return new TortureSummary(TortureSummary.FORMAT, TortureSummary.FORMAT_VERSION, ProjectVersion.get(), seed,
                shardLabel, keys(campaign.tiers()), faultKeys(campaign.families()),
                campaign.target().engine().options(), campaign.target().diskModel(),
                new TortureSummary.WorkloadShape(g.commits(), g.maxWritesPerTx(), g.keyRange()),
                new TortureSummary.BudgetEntry(b.maxStates(), b.maxSeconds(), b.maxSeeds(), b.stopAtFirstViolation()),
                exploration.statesChecked(), byTier, exploration.seeds(), secondsTaken,
                secondsTaken > 0 ? Math.round(exploration.statesChecked() / secondsTaken) : 0,
                entries.isEmpty() ? "CLEAN" : "VIOLATION", List.copyOf(entries));
    }

    private void print(PrintWriter stdout, Exploration exploration, TortureSummary summary) {
        StringBuilder tiers = new StringBuilder();
        for (Map.Entry<String, Long> e : summary.statesByTier().entrySet()) {
            tiers.append(tiers.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", e.getValue()));
        }
        stdout.printf(Locale.ROOT, "checked %,d crash states (%s) from %d seed%s in %.1f s: %,.0f states/s%n",
                summary.statesChecked(), tiers, summary.seeds(), summary.seeds() == 1 ? "" : "s", summary.seconds(),
                summary.statesPerSecond());
        if (summary.violations().isEmpty()) {
            stdout.println("no violation");
        } else {
            stdout.printf(Locale.ROOT, "%d violation%s%s:%n", summary.violations().size(),
                    summary.violations().size() == 1 ? "" : "s",
                    exploration.budget().stopAtFirstViolation() ? " (stopped at the first; --keep-going collects all)"
                            : "");
            int n = 0;
            for (TortureSummary.ViolationEntry v : summary.violations()) {
                n++;
                stdout.printf(Locale.ROOT, "%3d. [%s tier] %s%n     replay: %s%s%n", n, v.tier(), v.description(),
                        out.resolve(v.replayFile()),
                        v.reproduced() ? "" : "\n     (running the case again from scratch gave another verdict: "
                                + "the simulation is not deterministic, a crashbench bug)");
            }
            stdout.println("replay one with: ./crashbench replay FILE; minimize it with: ./crashbench shrink FILE");
        }
        stdout.println("summary: " + out.resolve("summary.json"));
        stdout.flush();
    }

    private static List<String> keys(Set<Tier> tiers) {
        List<String> keys = new ArrayList<>();
        for (Tier t : tiers) {
            keys.add(t.key());
        }
        return keys;
    }

    private static List<String> faultKeys(Set<FaultFamily> families) {
        List<String> keys = new ArrayList<>();
        for (FaultFamily f : families) {
            keys.add(f.key());
        }
        return keys;
    }
}
