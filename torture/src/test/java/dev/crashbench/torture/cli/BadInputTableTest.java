package dev.crashbench.torture.cli;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.EngineId;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceEngine;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.vfs.DiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI's bad-input table (issue 14 item 6): each bad invocation exits 2 with one line on
 * stderr that says what is wrong, before any work and without the usage text; the usage text
 * comes only with --help or a mistake in the command line itself. In the arguments, {@code @x}
 * names a fixture file in the test's directory.
 */
class BadInputTableTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        Violation v = new Violation(Rule.PREFIX, "the state after commit 2", "commit 1");
        List<Op> ops = List.of(new Op.Put(1, 10, 0), new Op.Commit());
        List<OpFate> fates = List.of(new OpFate.Kept(), new OpFate.Lost());
        write("good.json", v, Map.of("durability", "full"), ops, fates);
        write("negative-cache.json", v, Map.of("cache_size_pages", "-1"), ops, fates);
        write("unknown-option.json", v, Map.of("no_such_option", "1"), ops, fates);
        write("conflicting-options.json", v, Map.of("wal_mmap", "true", "wal_dsync", "true"), ops, fates);
        write("huge-put.json", v, Map.of(), List.of(new Op.Put(1, 2_000_000_000, 0), new Op.Commit()), fates);
        write("other-engine.json", new EngineId("rocksdb", "9.4.0"), v, Map.of(), ops, fates);
        write("other-version.json", new EngineId(ReferenceEngine.ID, "0.0.1"), v, Map.of(), ops, fates);
        String good = Files.readString(dir.resolve("good.json"));
        String cut = good.replaceFirst(",\\s*\\{\\s*\"fate\" : \"lost\"\\s*}", "");
        assertTrue(cut.length() < good.length());
        Files.writeString(dir.resolve("cut-fates.json"), cut);
        Files.writeString(dir.resolve("truncated.json"), good.substring(0, good.length() / 2));
        Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, (byte) 0xc3, 0x28});
        Files.writeString(dir.resolve("regular-file"), "not a directory");
        Files.createDirectories(dir.resolve("a-directory"));
    }

    private static void write(String name, Violation v, Map<String, String> options, List<Op> ops, List<OpFate> fates)
            throws Exception {
        write(name, new EngineId(ReferenceEngine.ID, ProjectVersion.get()), v, options, ops, fates);
    }

    private static void write(String name, EngineId engine, Violation v, Map<String, String> options, List<Op> ops,
                              List<OpFate> fates) throws Exception {
        CrashCase c = new CrashCase(Tier.EXHAUSTIVE, engine, options, DiskModel.WORST_CASE, 1, new Workload(ops),
                List.of(new StepFault(9, new Fault.PowerCut(false))), fates, null);
        ReplayCodec.write(ReplayFile.of(v, c), dir.resolve(name));
    }

    static Stream<Arguments> badInvocations() {
        return Stream.of(
                row("cache_size_pages must be at least 1", "replay", "@negative-cache.json"),
                row("cache_size_pages must be at least 1", "shrink", "@negative-cache.json"),
                row("unknown option 'no_such_option' for engine 'reference'; known: durability", "replay",
                        "@unknown-option.json"),
                row("unknown option 'no_such_option' for engine 'reference'", "shrink", "@unknown-option.json"),
                row("unknown engine 'rocksdb'; known: h2, reference, sqlite", "replay", "@other-engine.json"),
                row("unknown engine 'rocksdb'; known: h2, reference, sqlite", "shrink", "@other-engine.json"),
                row("the case ran on reference 0.0.1, and this crashbench has reference", "replay",
                        "@other-version.json"),
                row("the case ran on reference 0.0.1", "shrink", "@other-version.json"),
                row("cannot be combined", "replay", "@conflicting-options.json"),
                row("op 0 puts 2000000000 bytes", "shrink", "@huge-put.json"),
                row("op 0 puts 2000000000 bytes", "replay", "@huge-put.json"),
                row("damaged replay file", "replay", "@cut-fates.json"),
                row("damaged replay file", "shrink", "@cut-fates.json"),
                row("not a valid replay file", "replay", "@truncated.json"),
                row("not UTF-8 text", "replay", "@binary.json"),
                row("no replay file at", "replay", "@missing.json"),
                row("is a directory, not a replay file", "replay", "@a-directory"),
                row("is a file, not a directory", "torture", "--out", "@regular-file", "--states", "10"),
                row("which is a file, not a directory", "torture", "--out", "@regular-file/sub", "--states", "10"),
                row("is a file, not a directory", "mutants", "--out", "@regular-file", "--states", "10"),
                row("which is a file, not a directory", "shrink", "@good.json", "--out", "@regular-file/min.json"),
                row("is a directory, not a file", "shrink", "@good.json", "--out", "@a-directory"),
                row("--states-per-attempt must be at least 1", "shrink", "@good.json", "--states-per-attempt", "0"),
                row("budgets cannot be negative", "torture", "--states", "-5"),
                row("budgets cannot be negative", "torture", "--time", "-1"),
                row("'abc' is not a long", "torture", "--states", "abc"),
                row("'x' is not a long", "torture", "--seed", "x"),
                row("expected one of", "torture", "--disk", "floppy"),
                row("unknown tier 'nosuch'", "torture", "--tier", "nosuch"),
                row("need 1 <= I <= N", "torture", "--shard", "3/2"),
                row("cache_size_pages must be at least 1", "torture", "--engine-option", "cache_size_pages=-1"),
                row("unknown option 'nope' for engine 'reference'; known: durability", "torture", "--engine-option",
                        "nope=1"),
                row("unknown engine 'nosuch'; known: h2, reference, sqlite", "torture", "--engine", "nosuch:durability=full"),
                row("unknown option 'nope' for engine 'reference'", "torture", "--engine", "reference:nope=1"),
                row("'durability' is not key=value", "torture", "--engine", "reference:durability"),
                row("'cache_size_pages' is given twice", "torture", "--engine",
                        "reference:cache_size_pages=8,cache_size_pages=9"),
                row("wants KEY=VALUE", "torture", "--engine-option", "novalue"),
                row("cannot be combined", "torture", "--engine-option", "wal_mmap=true", "--engine-option", "wal_dsync=true"),
                row("must be positive", "torture", "--commits", "-1"),
                row("is a file, not a directory", "commit-bench", "--dir", "@regular-file"),
                row("which is a file, not a directory", "commit-concurrent", "--dir", "@regular-file/sub"),
                row("is a file, not a directory", "sql-bench", "--dir", "@regular-file"),
                row("is a file, not a directory", "sync-floor", "--dir", "@regular-file"),
                row("is a file, not a directory", "bench", "--out", "@regular-file"),
                row("which is a file, not a directory", "bench", "--data-dir", "@regular-file/data"));
    }

    private static Arguments row(String expected, String... args) {
        return Arguments.of(String.join(" ", args), expected, args);
    }

    @ParameterizedTest(name = "crashbench {0}")
    @MethodSource("badInvocations")
    void exitsTwoWithOneClearLine(String invocation, String expected, String[] args) throws Exception {
        List<String> before = listing();
        CliRun run = CliRun.of(resolve(args));
        assertEquals(ExitCodes.USAGE, run.exit(), run.out() + run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one line, no usage text and no stack trace:\n" + run.err());
        assertTrue(lines.get(0).startsWith("crashbench: ") && lines.get(0).contains(expected), lines.get(0));
        assertEquals("", run.out(), "nothing ran");
        assertEquals(before, listing(), "nothing was written");
    }

    @Test
    void usageTextComesWithHelpAndWithMistakesInTheCommandLine() {
        CliRun help = CliRun.of("replay", "--help");
        assertEquals(ExitCodes.OK, help.exit());
        assertTrue(help.out().contains("Usage: crashbench replay"), help.out());
        for (String[] mistake : new String[][] {{"torture", "--bogus"}, {"replay"}, {"no-such-command"}}) {
            CliRun run = CliRun.of(mistake);
            assertEquals(ExitCodes.USAGE, run.exit());
            assertTrue(run.err().contains("Usage: crashbench"), run.err());
        }
        CliRun bad = CliRun.of("replay", dir.resolve("missing.json").toString());
        assertFalse(bad.err().contains("Usage:"), bad.err());
    }

    private static String[] resolve(String[] args) {
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].startsWith("@") ? dir.resolve(args[i].substring(1)).toString() : args[i];
        }
        return out;
    }

    private static List<String> listing() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
