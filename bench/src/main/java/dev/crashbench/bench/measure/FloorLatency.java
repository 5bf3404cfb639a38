package dev.crashbench.bench.measure;

import dev.crashbench.vfs.local.Backend;
import java.io.IOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/** The floor's "commit": {@code warmup} untimed then {@code timed} timed {@link FloorProbe} writes. */
public final class FloorLatency {
    private FloorLatency() {
    }

    public static Latency run(Path directory, Backend backend, int warmup, int timed) throws IOException {
        Allocations allocations = new Allocations();
        try (FloorProbe probe = FloorProbe.open(directory, backend)) {
            for (int i = 0; i < warmup; i++) {
                probe.writeAndSync(-1 - i);
            }
            Histogram nanos = Latency.histogram();
            long before = allocations.now();
            for (int i = 0; i < timed; i++) {
                nanos.recordValue(probe.writeAndSync(i));
            }
            return Latency.of(nanos, Allocations.perOp(before, allocations.now(), timed));
        }
    }
}
