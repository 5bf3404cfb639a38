package dev.crashbench.recovery.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.recovery.oracle.TableState;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corruption fuzz in the default suite (issue 14): a few thousand damaged copies, a fixed seed,
 * every damage kind; any failure fails the build. {@code crashbench corrupt-fuzz} runs more. It runs
 * with the default options and again with {@code delta_frames}, whose 512-byte frames let one
 * damaged slot cover the last commits and the close frame after them; there, the same base with the
 * close frame's witness erased (the WAL a clean close left before it had one) must lose commits.
 */
class CorruptionFuzzTest {
    private static final int COPIES = 2_400;
    private static final long SEED = 1;

    private static FuzzBase base;
    private static FuzzBase deltaBase;

    @BeforeAll
    static void build() throws IOException {
        // Both WAL frame forms, whatever the defaults are: full 4 KiB frames and delta frames.
        base = FuzzBase.build(SEED, EngineOptions.defaults().withOptimization(Optimization.DELTA_FRAMES, false));
        deltaBase = FuzzBase.build(SEED, EngineOptions.defaults().withOptimization(Optimization.DELTA_FRAMES, true));
    }

    @Test
    void noDamagedCopyGivesSilentLossWrongDataAForeignExceptionOrAHang() {
        assertClean(new CorruptionFuzz(base, SEED, Duration.ofSeconds(10)).run(COPIES));
    }

    @Test
    void withDeltaFramesNoDamagedCopyGivesSilentLossWrongDataAForeignExceptionOrAHang() {
        assertTrue(deltaBase.walUsed() < base.walUsed() / 2, "the delta base's tail is mostly delta frames");
        assertClean(new CorruptionFuzz(deltaBase, SEED, Duration.ofSeconds(10)).run(COPIES));
    }

    @Test
    void withDeltaFramesAndNoCloseWitnessDamageOverTheLastFramesLosesCommitsSilently() {
        FuzzReport report = new CorruptionFuzz(deltaBase.withoutCloseWitness(), SEED, Duration.ofSeconds(10))
                .run(COPIES);
        System.out.println(report.table());
        assertTrue(report.count(DamageKind.GARBAGE_FRAME, Outcome.LOST_COMMITS) > 0, report.table());
    }

    private static void assertClean(FuzzReport report) {
        System.out.println(report.table());
        assertEquals(0, report.failureCount(), report.table());
        for (DamageKind kind : DamageKind.values()) {
            // Not vacuous: every kind struck something the engine had to notice.
            assertTrue(report.count(kind, Outcome.CLEAN_ERROR) + report.count(kind, Outcome.ACKNOWLEDGED_PREFIX) > 0,
                    kind + " never changed what the engine saw\n" + report.table());
        }
    }

    @Test
    void theBaseHasACheckpointedPartAndAThirtyCommitTail() {
        assertTrue(base.walFrames() >= FuzzBase.TAIL_COMMITS, "every tail commit is in the WAL");
        assertTrue(base.state(0).rows().size() >= FuzzBase.CHECKPOINTED_ROWS - 1);
        int changed = 0;
        for (int k = 1; k <= FuzzBase.TAIL_COMMITS; k++) {
            changed += base.state(k).sameAs(base.state(k - 1)) ? 0 : 1;
        }
        assertTrue(changed >= FuzzBase.TAIL_COMMITS - 2, "nearly every tail commit changes the table: " + changed);
    }

    // ---- the classifier must reject what the fuzz exists to catch -----------------------------

    @Test
    void anOlderAcknowledgedStateIsSilentLossUnlessTheWalWasTruncated() {
        Observed older = Observed.read(base.state(FuzzBase.TAIL_COMMITS - 3));
        assertEquals(Outcome.LOST_COMMITS, CorruptionFuzz.classify(DamageKind.ZEROED_SECTOR, older, base));
        assertEquals(Outcome.LOST_COMMITS, CorruptionFuzz.classify(DamageKind.WAL_HEADER_FIELD, older, base));
        assertEquals(Outcome.ACKNOWLEDGED_PREFIX, CorruptionFuzz.classify(DamageKind.WAL_TRUNCATION, older, base));
        assertTrue(Outcome.LOST_COMMITS.isFailure());
    }

    @Test
    void aStateNoCommitLeftIsWrongData() {
        Observed wrong = Observed.read(TableState.of(Map.of(1L, new byte[] {1, 2, 3})));
        assertEquals(Outcome.WRONG_DATA, CorruptionFuzz.classify(DamageKind.FLIPPED_BIT, wrong, base));
        assertEquals(Outcome.WRONG_DATA, CorruptionFuzz.classify(DamageKind.WAL_TRUNCATION, wrong, base));
    }

    @Test
    void foreignExceptionsHangsAndOutOfMemoryAreFailuresAndCorruptionErrorsAreNot() {
        assertEquals(Outcome.FOREIGN_EXCEPTION,
                CorruptionFuzz.classify(DamageKind.DB_HEADER_FIELD, Observed.threw(new NullPointerException()), base));
        assertEquals(Outcome.FOREIGN_EXCEPTION,
                CorruptionFuzz.classify(DamageKind.DB_HEADER_FIELD, Observed.threw(new IOException("EIO")), base));
        assertEquals(Outcome.OUT_OF_MEMORY,
                CorruptionFuzz.classify(DamageKind.DB_HEADER_FIELD, Observed.threw(new OutOfMemoryError()), base));
        assertEquals(Outcome.HANG, CorruptionFuzz.classify(DamageKind.DB_HEADER_FIELD, Observed.hung(), base));
        assertEquals(Outcome.CLEAN_ERROR, CorruptionFuzz.classify(DamageKind.FLIPPED_BIT,
                Observed.threw(new CorruptDatabaseException("db", 3, "page checksum mismatch")), base));
        assertEquals(Outcome.CLEAN_ERROR, CorruptionFuzz.classify(DamageKind.FLIPPED_BIT, Observed.integrityProblems(2), base));
        assertEquals(Outcome.ALL_COMMITS,
                CorruptionFuzz.classify(DamageKind.FLIPPED_BIT, Observed.read(base.state(FuzzBase.TAIL_COMMITS)), base));
    }

    @Test
    void aCaseThatDoesNotAnswerInTimeIsAHangAndTheNextCaseStillRuns() {
        CorruptionFuzz.Reopening stuckOnce = copy -> {
            if (copy.kind() == DamageKind.FLIPPED_BIT) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Observed.read(base.state(FuzzBase.TAIL_COMMITS));
        };
        FuzzReport report = new CorruptionFuzz(base, SEED, Duration.ofMillis(200), stuckOnce).run(2);
        assertEquals(1, report.failureCount(), report.table());
        assertEquals(Outcome.HANG, report.failures().get(0).outcome());
        assertEquals(1, report.count(DamageKind.ZEROED_SECTOR, Outcome.ALL_COMMITS));
    }
}
