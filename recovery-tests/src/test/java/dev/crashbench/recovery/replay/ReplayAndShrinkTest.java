package dev.crashbench.recovery.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.faultvfs.SectorFate;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.ExhaustiveExplorer;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.ReplayDivergedException;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayAndShrinkTest {
    private static Found found;

    /** A real violation: the torn-frame mutation under the exhaustive tier. */
    @BeforeAll
    static void findOne() {
        Target broken = ReferenceTargets.of(ReferenceTargets.torturedDefaults().withMutation(UnsafeMutation.NO_FRAME_CHECKSUM),
                ReferenceTargets.defaults().diskModel());
        Exploration exploration = new Exploration(Budget.states(100_000).stoppingAtFirst(true), e -> { },
                System::nanoTime);
        new ExhaustiveExplorer(broken).explore(WorkloadGenerator.DEFAULT.generate(11), 5, exploration);
        found = exploration.found().get(0);
    }

    @Test
    void aReplayFileRoundTripsAndReproducesTheViolationExactly() throws Exception {
        String json = ReplayCodec.toJson(ReplayFile.of(found.violation(), found.crashCase()));
        ReplayFile back = ReplayCodec.fromJson(json);
        assertEquals(found.crashCase(), back.crashCase());
        assertEquals(found.violation(), back.violation());
        assertEquals(json, ReplayCodec.toJson(back), "writing what was read gives the same bytes");
        Violation again = CaseRunner.run(back.crashCase());
        assertEquals(back.violation(), again, "replay gives the very same verdict");
    }

    @Test
    void foreignMalformedAndNewerFilesAreRefusedWithTheReason() {
        String json = ReplayCodec.toJson(ReplayFile.of(found.violation(), found.crashCase()));
        InvalidReplayFileException newer = assertThrows(InvalidReplayFileException.class,
                () -> ReplayCodec.fromJson(json.replace("\"formatVersion\" : " + ReplayFile.FORMAT_VERSION, "\"formatVersion\" : 9")));
        assertTrue(newer.getMessage().contains("version 9"), newer.getMessage());
        assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.fromJson("{\"format\": \"something-else\"}"));
        assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.fromJson(json.substring(0, json.length() / 2)));
        InvalidReplayFileException badOp = assertThrows(InvalidReplayFileException.class,
                () -> ReplayCodec.fromJson(json.replaceFirst("\"op\" : \"put\"", "\"op\" : \"explode\"")));
        assertTrue(badOp.getMessage().contains("explode"), badOp.getMessage());
    }

    @Test
    void fatesThatDoNotFitThePendingOperationsAreADivergenceNotACrash() {
        CrashCase c = found.crashCase();
        List<OpFate> torn = new ArrayList<>();
        for (int i = 0; i < c.fates().size(); i++) {
            torn.add(new OpFate.Torn(Collections.nCopies(13, SectorFate.NEW))); // no op of the case tears into 13 units
        }
        CrashCase misfit = c.withWorkload(c.workload(), c.runFaults(), torn, c.second());
        ReplayDivergedException e = assertThrows(ReplayDivergedException.class, () -> CaseRunner.run(misfit));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    @Test
    void shrinkingKeepsTheRuleAndRemovesOps() {
        Shrinker.Result result = new Shrinker(20_000, System::nanoTime).shrink(found.crashCase(), found.violation());
        assertTrue(result.shrunk());
        assertEquals(found.violation().rule(), result.violation().rule());
        assertTrue(result.crashCase().workload().size() < found.crashCase().workload().size(),
                result.crashCase().workload().size() + " ops");
        assertEquals(result.violation().rule(), CaseRunner.run(result.crashCase()).rule(), "the minimal case replays");
        System.out.println("shrunk " + found.crashCase().workload().size() + " ops to "
                + result.crashCase().workload().size() + " in " + result.candidates() + " candidates: "
                + result.crashCase().workload().ops());
    }
}
