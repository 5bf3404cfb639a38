package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * A first look at SimDisk: append checksummed records to a log on a simulated disk, syncing
 * every few records, cut the power at a step drawn from the seed, and show what each survival
 * policy leaves on the disk. A record counts as acknowledged once a sync after it returned;
 * every acknowledged record must survive every policy, and a torn or garbled record must be
 * caught by its checksum.
 *
 * <p>Record layout, {@code recordSize} bytes each, at offset {@code index * recordSize}:
 * <pre>
 * offset  size  meaning
 *      0     4  record index, big-endian
 *      4     4  CRC32C of bytes [0, 4) and [8, recordSize)
 *      8     n  payload: "record N" padded with the index's low byte
 * </pre>
 */
public final class PowerCutDemo {
    static final String LOG = "log.dat";
    static final int OFFSET_INDEX = 0;
    static final int OFFSET_CRC = 4;
    static final int OFFSET_PAYLOAD = 8;

    /** What one demo run asks for. */
    public record Options(long seed, int records, int syncEvery, int recordSize, DiskModel diskModel) {
        public Options {
            if (records < 1 || syncEvery < 1) {
                throw new IllegalArgumentException("records and sync interval must be at least 1");
            }
            if (recordSize < 16) {
                throw new IllegalArgumentException("records must be at least 16 bytes, got " + recordSize);
            }
        }
    }

    /** What one survival policy left: records intact from the start, and the first bad one. */
    public record PolicyResult(String policy, int intactRecords, String firstProblem, int acknowledgedLost) {
    }

    /** The whole run: how many records were acknowledged, where the cut came, and each policy's result. */
    public record Result(int acknowledged, int cutStep, List<PolicyResult> policies) {
        public boolean lostAcknowledged() {
            return policies.stream().anyMatch(p -> p.acknowledgedLost() > 0);
        }
    }

    private PowerCutDemo() {
    }

    public static Result run(Options options, PrintWriter out) throws IOException {
        SimDiskConfig config = new SimDiskConfig(options.diskModel(), options.seed(), Long.MAX_VALUE);
        // Steps: open, directory sync, then per record one write (plus a sync every syncEvery).
        int totalSteps = 2 + options.records() + options.records() / options.syncEvery();
        SplittableRandom random = new SplittableRandom(Seeds.mix(options.seed(), 1));
        int cutStep = 2 + random.nextInt(totalSteps - 1);
        SimDisk disk = new SimDisk(config, FaultPlans.powerCutAt(cutStep, false));

        out.printf("crashbench demo: seed %d%n", options.seed());
        out.printf("disk: %s%n", options.diskModel().describe());
        out.printf("workload: append %d records of %d B to %s, fdatasync after every %d%n",
                options.records(), options.recordSize(), LOG, options.syncEvery());

        int acknowledged = 0;
        int written = 0;
        try {
            VfsFile log = disk.open(LOG, OpenOption.CREATE);
            disk.syncDirectory(""); // the log's name must survive, or every record is lost with it
            for (int i = 0; i < options.records(); i++) {
                log.writeFully((long) i * options.recordSize(), ByteBuffer.wrap(encode(i, options.recordSize())));
                written = i + 1;
                if (written % options.syncEvery() == 0) {
                    log.sync(SyncMode.DATA); // records [0, written) survive any cut after this returns
                    acknowledged = written;
                }
            }
            out.println("the workload finished before the cut");
        } catch (PowerCutException cut) {
            TraceEntry next = disk.trace().get(cut.step());
            out.printf("power cut before step %d (%s %s)%n", cut.step(), next.kind(), next.path());
        }
        List<PendingOp> pending = disk.pendingOps();
        out.printf("acknowledged records: %d; written but not synced: %d; pending operations: %d%n%n",
                acknowledged, written - acknowledged, pending.size());

        List<Survival> policies = policiesFor(pending, options, random);
        List<PolicyResult> results = new ArrayList<>();
        out.printf("%-58s %8s  %-34s %s%n", "survival policy", "intact", "first bad record", "acked lost");
        for (Survival policy : policies) {
            CrashImage image = disk.crashImage(policy);
            PolicyResult r = inspect(image.disk(), policy.describe(), acknowledged, options.recordSize());
            results.add(r);
            out.printf("%-58s %8d  %-34s %d%n", shorten(r.policy(), 58), r.intactRecords(),
                    r.firstProblem(), r.acknowledgedLost());
        }
        Result result = new Result(acknowledged, cutStep, results);
        out.println();
        if (!result.lostAcknowledged()) {
            out.println("every acknowledged record survived every policy; torn records were caught by their checksum");
        } else {
            out.println("FAIL: an acknowledged record was lost");
            if (options.recordSize() % options.diskModel().sectorSize() != 0
                    && !options.diskModel().powersafeOverwrite()) {
                out.println("  records share sectors, and this disk has no power-safe overwrite: a write torn in a"
                        + " sector may garble the synced bytes beside it in that sector");
            }
        }
        return result;
    }

    private static List<Survival> policiesFor(List<PendingOp> pending, Options options, SplittableRandom random) {
        List<Survival> policies = new ArrayList<>();
        policies.add(new Survival.LoseAll());
        policies.add(new Survival.KeepAll());
        if (pending.size() > 1) {
            policies.add(new Survival.KeepPrefix(pending.size() / 2));
            TreeSet<Integer> subset = new TreeSet<>();
            for (int i = 0; i < pending.size(); i++) {
                if (random.nextBoolean()) {
                    subset.add(i);
                }
            }
            policies.add(new Survival.KeepSubset(subset));
        }
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) instanceof PendingOp.Write w) {
                int units = TornWrite.unitCount(w, options.diskModel());
                List<SectorFate> fates = new ArrayList<>();
                for (int u = 0; u < units; u++) {
                    fates.add(u == 0 && units > 1 ? SectorFate.NEW : SectorFate.GARBAGE);
                }
                policies.add(new Survival.TearOne(i, fates));
                break;
            }
        }
        policies.add(new Survival.Random(random.nextLong(), 0.5, 0.5));
        return policies;
    }

    static byte[] encode(int index, int recordSize) {
        ByteBuffer record = ByteBuffer.allocate(recordSize);
        record.putInt(OFFSET_INDEX, index);
        byte[] text = ("record " + index).getBytes(StandardCharsets.US_ASCII);
        for (int i = OFFSET_PAYLOAD; i < recordSize; i++) {
            int t = i - OFFSET_PAYLOAD;
            record.put(i, t < text.length ? text[t] : (byte) index);
        }
        record.putInt(OFFSET_CRC, crc(record.array()));
        return record.array();
    }

    private static int crc(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, OFFSET_INDEX, OFFSET_CRC - OFFSET_INDEX);
        crc.update(record, OFFSET_PAYLOAD, record.length - OFFSET_PAYLOAD);
        return (int) crc.getValue();
    }

    /** Counts the intact records from the start of the log on {@code image} and names the first bad one. */
    static PolicyResult inspect(SimDisk image, String policy, int acknowledged, int recordSize) {
        byte[] log = image.inspectDurable(LOG).orElse(new byte[0]);
        int intact = 0;
        String problem = "-";
        for (int i = 0; (long) (i + 1) * recordSize <= log.length; i++) {
            ByteBuffer r = ByteBuffer.wrap(log, i * recordSize, recordSize).slice();
            byte[] copy = new byte[recordSize];
            r.get(copy);
            ByteBuffer rec = ByteBuffer.wrap(copy);
            if (rec.getInt(OFFSET_INDEX) == i && rec.getInt(OFFSET_CRC) == crc(copy)) {
                intact++;
                continue;
            }
            boolean zero = true;
            for (byte b : copy) {
                zero &= b == 0;
            }
            problem = "#" + i + (zero ? " (zeros: not written)" : " (torn: checksum mismatch)");
            break;
        }
        if ("-".equals(problem) && log.length % recordSize != 0) {
            problem = "#" + intact + " (short: " + (log.length % recordSize) + " B)";
        }
        return new PolicyResult(policy, intact, problem, Math.max(0, acknowledged - intact));
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
