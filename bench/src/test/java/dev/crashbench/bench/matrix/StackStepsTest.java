package dev.crashbench.bench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Machine;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stack is built from what was ACCEPTED alone, one judged step at a time: a step that loses,
 * or that the gate rejects, is not kept, and the next step extends the stack kept before it.
 * Gate and rounds are stand-ins here; {@link MatrixRunTest} runs the real ones.
 */
class StackStepsTest {
    final MatrixPlan matrix = MatrixPlan.of(EngineOptions.baseline());
    final List<List<String>> measured = new ArrayList<>();
    final List<String> gated = new ArrayList<>();

    @Test
    void onlyWhatWasAcceptedAloneIsStackedAndAStepIsKeptOnlyWhenItWinsAgainstTheStackBeforeIt() throws Exception {
        Set<Optimization> acceptedAlone = EnumSet.of(Optimization.WRITER_REUSE, Optimization.WAL_MMAP,
                Optimization.WAL_DSYNC, Optimization.DELTA_FRAMES);
        StackSteps.Outcome out = StackSteps.build(matrix, alone(acceptedAlone, true), phases(Set.of()),
                judgeRejecting(Optimization.DELTA_FRAMES));

        assertEquals(matrix.order().size(), out.lines().size());
        MatrixLine reuse = line(out, Optimization.WRITER_REUSE);
        assertEquals(MatrixVerdict.ACCEPTED, reuse.verdict());
        assertTrue(reuse.row().note().contains("judged there"), "the first step is the optimization alone, not re-measured");
        MatrixLine fastPath = line(out, Optimization.SINGLE_PAGE_FAST_PATH);
        assertEquals(MatrixRow.Kind.SKIPPED, fastPath.row().kind());
        assertEquals("not stacked: single_page_fast_path alone was REJECTED (regression)", fastPath.reason());
        MatrixLine mmap = line(out, Optimization.WAL_MMAP);
        assertEquals(MatrixVerdict.ACCEPTED, mmap.verdict());
        assertTrue(mmap.reason().startsWith("against writer_reuse: "), mmap.reason());
        MatrixLine dsync = line(out, Optimization.WAL_DSYNC);
        assertEquals(MatrixRow.Kind.SKIPPED, dsync.row().kind());
        assertTrue(dsync.reason().contains("wal_mmap=true and wal_dsync=true cannot be combined"), dsync.reason());
        MatrixLine delta = line(out, Optimization.DELTA_FRAMES);
        assertEquals(MatrixVerdict.REJECTED_REGRESSION, delta.verdict(), "the judge rejects it against the stack");
        assertTrue(delta.reason().startsWith("against stack+writer_reuse+wal_mmap: "), delta.reason());

        assertEquals("stack+writer_reuse+wal_mmap", out.kept().name(), "a rejected step is not kept");
        assertEquals(EnumSet.of(Optimization.WRITER_REUSE, Optimization.WAL_MMAP), out.kept().options().optimizations());
        assertEquals(List.of(
                List.of("crashbench", "writer_reuse", "stack+writer_reuse+wal_mmap"),
                List.of("crashbench", "stack+writer_reuse+wal_mmap", "stack+writer_reuse+wal_mmap+delta_frames")),
                measured, "each step measured beside the baseline and the stack it extends");
        assertEquals(2, out.phases().size());
    }

    @Test
    void aStepTheGateRejectsIsNotKeptAndTheNextStepExtendsTheStackBeforeIt() throws Exception {
        Set<Optimization> acceptedAlone = EnumSet.of(Optimization.WRITER_REUSE, Optimization.WAL_MMAP,
                Optimization.DELTA_FRAMES);
        StackSteps.Outcome out = StackSteps.build(matrix, alone(acceptedAlone, true),
                phases(Set.of("stack+writer_reuse+wal_mmap")), judgeRejecting(null));
        MatrixLine mmap = line(out, Optimization.WAL_MMAP);
        assertEquals(MatrixVerdict.REJECTED_GATE, mmap.verdict());
        assertTrue(mmap.measuredIn().isEmpty(), "a configuration the gate rejected is never measured");
        assertEquals("stack+writer_reuse+delta_frames", out.kept().name());
        assertEquals(List.of(List.of("crashbench", "writer_reuse", "stack+writer_reuse+delta_frames")), measured);
        assertEquals(List.of("stack+writer_reuse+wal_mmap", "stack+writer_reuse+delta_frames"), gated);
    }

    @Test
    void nothingAcceptedAloneKeepsTheBaseline() throws Exception {
        StackSteps.Outcome out = StackSteps.build(matrix, alone(Set.of(), true), phases(Set.of()), judgeRejecting(null));
        assertEquals(MatrixPlan.BASELINE, out.kept().name());
        assertTrue(out.lines().stream().allMatch(l -> l.row().kind() == MatrixRow.Kind.SKIPPED));
        assertTrue(measured.isEmpty() && gated.isEmpty());
    }

    @Test
    void aBaselineTheGateDidNotCountStacksNothing() throws Exception {
        StackSteps.Outcome out = StackSteps.build(matrix, alone(EnumSet.allOf(Optimization.class), false),
                phases(Set.of()), judgeRejecting(null));
        assertEquals(MatrixPlan.BASELINE, out.kept().name());
        for (MatrixLine l : out.lines()) {
            assertEquals("the baseline was not counted by the gate", l.reason());
        }
    }

    /** The decided baseline and alone lines: ACCEPTED for {@code accepted}, REJECTED (regression) for the rest. */
    private List<MatrixLine> alone(Set<Optimization> accepted, boolean baselineCounted) {
        List<MatrixLine> lines = new ArrayList<>();
        for (MatrixRow row : matrix.rows()) {
            Optional<GateResult> gate = Optional.of(counted(row.contender().orElseThrow()));
            MatrixVerdict verdict = row.kind() == MatrixRow.Kind.BASELINE
                    ? (baselineCounted ? MatrixVerdict.BASELINE : MatrixVerdict.REJECTED_GATE)
                    : accepted.contains(row.added().orElseThrow()) ? MatrixVerdict.ACCEPTED
                    : MatrixVerdict.REJECTED_REGRESSION;
            lines.add(new MatrixLine(row, gate, verdict, "as given", Optional.of(rounds())));
        }
        return lines;
    }

    private StackSteps.Phases phases(Set<String> rejectedByGate) {
        return new StackSteps.Phases() {
            @Override
            public GateResult gate(ReferenceEngine configuration) {
                gated.add(configuration.name());
                return rejectedByGate.contains(configuration.name())
                        ? new GateResult(configuration.name(), Verdict.REJECTED, List.of(), null, null, List.of(),
                                Map.of(), List.of())
                        : counted(configuration.name());
            }

            @Override
            public BenchResults measure(List<ReferenceEngine> configurations) {
                measured.add(configurations.stream().map(ReferenceEngine::name).toList());
                return rounds();
            }
        };
    }

    /** Accepts every candidate but one that switches {@code loser} on. */
    private static StackSteps.Judge judgeRejecting(Optimization loser) {
        return (phase, against, candidate) -> candidate.contains(loser == null ? "\u0000" : loser.key())
                ? new Judgement(MatrixVerdict.REJECTED_REGRESSION, "commit p95 did not improve", Map.of())
                : new Judgement(MatrixVerdict.ACCEPTED, "commit p95 -10.0%", Map.of());
    }

    private static GateResult counted(String name) {
        return new GateResult(name, Verdict.COUNTED, List.of(), null, null, List.of(), Map.of(), List.of());
    }

    private static BenchResults rounds() {
        return new BenchResults(Instant.EPOCH, Machine.current(), "", "", null, Profile.standard(), List.of(), List.of(),
                Map.of(), List.of(), 0, 0, Regime.DEVICE);
    }

    private static MatrixLine line(StackSteps.Outcome out, Optimization o) {
        return out.lines().stream().filter(l -> l.row().added().equals(Optional.of(o))).findFirst().orElseThrow();
    }
}
