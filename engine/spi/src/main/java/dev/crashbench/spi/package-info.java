/**
 * The engine-under-test SPI: the one door through which the crash explorer, the oracle and the
 * gate reach an engine, so the bench tortures any engine the same way.
 *
 * <p>An {@link dev.crashbench.spi.EngineUnderTest} is found by its id ({@link dev.crashbench.spi.Engines},
 * through {@code META-INF/services}); its options, written in the one grammar of
 * {@link dev.crashbench.spi.OptionText}, make an {@link dev.crashbench.spi.EngineConfiguration},
 * which promises a {@link dev.crashbench.spi.DurabilityPromise} (the oracle's floor), declares its
 * {@link dev.crashbench.spi.Capability capabilities}, classifies its exceptions
 * ({@link dev.crashbench.spi.FailureKind}) and opens {@link dev.crashbench.spi.EngineSession sessions}
 * on any {@link dev.crashbench.vfs.Vfs}. Opening recovers.
 *
 * <p>The data model is the smallest one every engine can serve: one key space of {@code long}
 * keys and byte-array values, which a workload creates in its first commit. Before that commit is
 * durable the key space is absent, a state of its own, which the oracle tells from an empty one.
 */
package dev.crashbench.spi;
