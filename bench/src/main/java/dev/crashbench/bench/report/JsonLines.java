package dev.crashbench.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.measure.Throughput;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Sample;
import java.util.Map;

/**
 * The raw results: one JSON object per line, one line per contender, workload and round, e.g.
 * <pre>
 * {"engine":"sqlite-full","gate":"NOT_GATED","regime":"device","workload":"commit","round":1,"count":2000,
 *  "p50Us":118.1,"p95Us":171.0,"p99Us":240.3,"maxUs":4100.2,"meanUs":125.7,"allocatedBytesPerOp":312.0}
 * {"engine":"crashbench","gate":"COUNTED","workload":"insert","round":1,"rows":100000,"rowsPerSecond":130000.0,"seconds":0.77}
 * {"engine":"crashbench","gate":"COUNTED","workload":"size","round":1,"bytes":5500000,"bytesWhileOpen":9700000}
 * </pre>
 * A line whose {@code regime} is {@code cpu-path} was measured on a RAM-backed file system: CPU
 * path, not durable.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    public static String of(BenchResults results) {
        StringBuilder out = new StringBuilder();
        for (Sample s : results.samples()) {
            out.append(line(s, results)).append('\n');
        }
        return out.toString();
    }

    static String line(Sample s, BenchResults results) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("engine", s.engine());
        o.put("gate", results.verdict(s.engine()).name());
        o.put("regime", results.regime().key());
        o.put("workload", s.workload().key());
        o.put("round", s.round());
        if (s.measurement() instanceof Latency) {
            o.put("count", ((Latency) s.measurement()).count());
        } else if (s.measurement() instanceof Throughput) {
            o.put("rows", ((Throughput) s.measurement()).rows());
        }
        for (Map.Entry<String, Double> e : s.measurement().values().entrySet()) {
            o.put(e.getKey(), e.getValue());
        }
        return o.toString();
    }
}
