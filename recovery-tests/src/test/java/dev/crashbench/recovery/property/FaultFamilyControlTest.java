package dev.crashbench.recovery.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.MutationSelfTest;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.nio.file.Files;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The negative controls of {@link FaultFamilyProperties}: each family's property body, run on an
 * engine with an unsafe mutation, with the same generators at fixed seeds 0, 1, 2, ..., fails on
 * a case where the family's faults struck and that the healthy engine survives; the failure names
 * a replay file that exists, and replaying the file gives the same rule. So each property can
 * fail, and what it writes replays.
 *
 * <p>Where the engine has a mutation that a family's faults expose, the control also shows that
 * the same case without those faults (the same workload, cut point and survival) passes on the
 * mutant: a retried sync after EIO for sync errors, and stale frames of an older WAL generation
 * for I/O errors and a full disk (their restarts reset the WAL, leaving such frames behind). A
 * sync that does nothing is the power family's, whose only fault is the cut. For the other
 * families no mutation is exposed by their faults within this budget: the engine retries short
 * writes, and a lying sync or damaged bytes make the oracle lenient (any prefix, or a refusal to
 * open). Their control is a mutation their property still catches (a WAL reset that outruns the
 * database sync for early write-back, stale frames for the rest, which give a state no prefix of
 * the commits gives, the one thing every family's rules reject however lenient they are). For bit
 * rot, lying syncs and misdirected writes the control is a rolled-back change made durable, a state
 * no prefix gives either: stale frames were found at clean restarts, where a clean close's close
 * frame now ends the WAL before them, and with delta frames on (a default) 400 seeds no longer
 * reach one for lying syncs and misdirected writes either.
 */
class FaultFamilyControlTest {
    /**
     * Seeds tried before a control gives up. The slowest, early write-back, first catches its
     * mutation at seed 309 with the default optimizations on (at 106 with none): the seeds are
     * fixed, so this is a budget, not a chance.
     */
    private static final int MAX_SEEDS = 400;
    /** jqwik's default generation size for a property of 1,000 tries. */
    private static final int GEN_SIZE = 1_000;

    /** What a control proves about the family's faults besides that they struck. */
    enum Proof { FAULTS_NEEDED, FAULTS_STRUCK }

    static Stream<Arguments> controls() {
        return Stream.of(
                Arguments.of(FaultFamily.POWER, UnsafeMutation.SYNC_IS_NOOP, Proof.FAULTS_STRUCK),
                Arguments.of(FaultFamily.SYNC_ERROR, UnsafeMutation.RETRY_SYNC_AFTER_EIO, Proof.FAULTS_NEEDED),
                Arguments.of(FaultFamily.IO_ERROR, UnsafeMutation.ACCEPT_STALE_SALT, Proof.FAULTS_NEEDED),
                Arguments.of(FaultFamily.NO_SPACE, UnsafeMutation.ACCEPT_STALE_SALT, Proof.FAULTS_NEEDED),
                Arguments.of(FaultFamily.EARLY_WRITE_BACK, UnsafeMutation.WAL_RESET_BEFORE_DB_SYNC, Proof.FAULTS_STRUCK),
                Arguments.of(FaultFamily.LYING_SYNC, UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES, Proof.FAULTS_STRUCK),
                Arguments.of(FaultFamily.SHORT_WRITE, UnsafeMutation.ACCEPT_STALE_SALT, Proof.FAULTS_STRUCK),
                Arguments.of(FaultFamily.BIT_ROT, UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES, Proof.FAULTS_STRUCK),
                Arguments.of(FaultFamily.MISDIRECTED, UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES, Proof.FAULTS_STRUCK));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @MethodSource("controls")
    void thePropertyRejectsTheMutation(FaultFamily family, UnsafeMutation mutation, Proof proof) throws Throwable {
        // The generators outside a jqwik property need a session of their own.
        JqwikSession.run(() -> rejects(family, mutation, proof));
    }

    private static void rejects(FaultFamily family, UnsafeMutation mutation, Proof proof) throws Exception {
        EngineOptions options = MutationSelfTest.optionsFor(mutation);
        Target mutant = ReferenceTargets.of(options, FaultFamilyProperties.HEALTHY.diskModel());
        Target healthy = ReferenceTargets.of(options.withMutation(mutation, false), mutant.diskModel());
        RandomGenerator<Workload> workloads = WorkloadArbitraries.shapedLike(WorkloadGenerator.DEFAULT)
                .generator(GEN_SIZE);
        RandomGenerator<FaultDraw> draws = FaultDraws.of(family).generator(GEN_SIZE);
        String suite = family.key() + "-" + mutation.key();
        for (int seed = 0; seed < MAX_SEEDS; seed++) {
            Random random = new Random(seed);
            Workload workload = workloads.next(random).value();
            FaultDraw draw = draws.next(random).value();
            CrashPropertyFailure failure;
            try {
                FaultFamilyProperties.check(suite, mutant, workload, draw);
                continue;
            } catch (CrashPropertyFailure f) {
                failure = f;
            }
            if (failure.outcome().struck() == 0 || FaultFamilyTrial.run(healthy, workload, draw).violation() != null
                    || proof == Proof.FAULTS_NEEDED
                    && FaultFamilyTrial.run(mutant, workload, draw.withoutFaults()).violation() != null) {
                continue; // not the mutation's doing, or not the family's
            }
            assertTrue(Files.exists(failure.replayFile()), failure.replayFile() + " was not written");
            assertTrue(failure.getMessage().contains(failure.replayFile().toString()), failure.getMessage());
            Violation violation = failure.outcome().violation();
            assertTrue(failure.getMessage().contains(violation.rule().name()), failure.getMessage());
            ReplayFile file = ReplayCodec.read(failure.replayFile());
            assertEquals("true", file.crashCase().engineOptions().get(mutation.key()));
            assertEquals(violation, file.violation());
            assertEquals(violation.rule(), CaseRunner.run(file.crashCase()).rule(), "the file replays");
            System.out.printf("%s: seed %d: %s%n", suite, seed, violation.describe());
            return;
        }
        fail(family.key() + " did not reject " + mutation.key() + " in " + MAX_SEEDS + " seeds");
    }
}
