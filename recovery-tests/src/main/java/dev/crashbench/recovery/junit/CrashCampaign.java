package dev.crashbench.recovery.junit;

import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.spi.EngineUnderTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs a crash campaign on an engine before its body: the explorer's tiers on the
 * engine, through the engine-under-test SPI, on a simulated disk of the worst-case model, from a
 * seed and for a number of crash states (no time limit, so a run explores the same states on any
 * machine). The first violation fails the test: the message names the rule, the replay file
 * written for it, and the one command that replays that file ({@link CrashCampaignFailure}). A
 * clean campaign runs the body, which may take the {@link dev.crashbench.recovery.explore.Exploration}
 * as a parameter to check more.
 *
 * <pre>
 * &#64;CrashCampaign(engine = MyEngine.class, states = 5_000, seed = 1)
 * void survivesPowerCuts() {
 * }
 * </pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(CrashCampaignExtension.class)
public @interface CrashCampaign {
    /** The engine, a class with a public no-argument constructor. */
    Class<? extends EngineUnderTest> engine();

    /** The engine's options, {@code key=value[,key=value]}; empty for its defaults. */
    String options() default "";

    /** How many crash states the campaign checks (fewer only when it stops at a violation). */
    long states() default 5_000;

    /** The campaign seed: the same seed explores the same states. */
    long seed() default 1;

    /** The random tier's fault families; empty for every family. */
    FaultFamily[] faults() default {};

    /** The tiers; empty for every tier. */
    Tier[] tiers() default {};
}
