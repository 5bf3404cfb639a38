package dev.crashbench.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.measure.Concurrency;
import dev.crashbench.bench.measure.ConcurrentCommits;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.bench.measure.Size;
import dev.crashbench.bench.measure.Throughput;
import dev.crashbench.bench.run.BenchResults;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the run in one object, one entry per engine configuration.
 * <pre>
 * { "format": "crashbench-bench-summary", "formatVersion": 2, "started": "2026-11-25T...Z",
 *   "rounds": 5, "regime": "device", "regimeLabel": "device (...)", "dataDirectory": "...", "fileSystem": "ext4", "mountOptions": "...",
 *   "engines": [
 *     { "name": "crashbench", "gate": "COUNTED", "durable": true, "settings": "...",
 *       "workloads": { "commit": { "p50Us": 130.1, "p95Us": 201.4, "p99Us": 340.0 },
 *                      "read":   { "p50Us": ..., "p95Us": ..., "p99Us": ... },
 *                      "join":   { "p50Us": ..., "p95Us": ..., "p99Us": ... },
 *                      "insert": { "rowsPerSecond": 120000.0 },
 *                      "size":   { "bytes": 5500000 } } },
 *     { "name": "nosync", "gate": "REJECTED", "violation": "PREFIX ...", "replayFile": "...", ... } ] }
 * </pre>
 * Every figure is the median across rounds. REJECTED entries keep their figures so a reader can
 * see what the violation bought, but their {@code gate} says they do not count.
 */
public final class SummaryJson {
    public static final String FORMAT = "crashbench-bench-summary";
    /** 2: the regime, the gate's engine event counts, p99.9, max, bytes written, the protocol and concurrent workloads. */
    public static final int FORMAT_VERSION = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static String of(BenchResults results) {
        Aggregates agg = new Aggregates(results);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("started", results.started().toString());
        root.put("rounds", results.profile().rounds());
        root.put("regime", results.regime().key());
        root.put("regimeLabel", results.regime().label());
        root.put("dataDirectory", results.storage().directory().toString());
        root.put("fileSystem", results.storage().fsType());
        root.put("mountOptions", results.storage().mountOptions());
        root.put("cpusAllowed", results.machine().cpusAllowed());
        root.put("loadAverageBefore", results.loadBefore());
        root.put("loadAverageAfter", results.loadAfter());
        ArrayNode engines = root.putArray("engines");
        for (Contender c : results.contenders()) {
            ObjectNode e = engines.addObject();
            e.put("name", c.name());
            GateResult g = results.gates().get(c.name());
            e.put("gate", results.verdict(c.name()).name());
            e.put("durable", c.durable());
            e.put("settings", c.settings());
            if (g != null && g.found() != null) {
                e.put("violation", g.found().violation().describe());
            }
            if (g != null && g.replayFile() != null) {
                e.put("replayFile", g.replayFile().toString());
            }
            if (g != null && g.verdict() != dev.crashbench.bench.gate.Verdict.NOT_GATED) {
                e.put("gateReason", g.reason());
                e.put("gateStates", g.states());
                ObjectNode events = e.putObject("gateEvents");
                for (Map.Entry<EngineEvent, Long> ev : g.events().entrySet()) {
                    events.put(ev.getKey().name(), ev.getValue());
                }
            }
            ObjectNode w = e.putObject("workloads");
            for (Workload workload : Workload.values()) {
                Map<String, Double> medians = agg.medians(c.name(), workload);
                if (medians.isEmpty()) {
                    continue;
                }
                ObjectNode o = w.putObject(workload.key());
                for (String key : keys(workload)) {
                    Double v = medians.get(key);
                    if (v != null) {
                        o.put(key, v);
                    }
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary.json failed to serialize: " + e.getMessage(), e);
        }
    }

    private static List<String> concurrentKeys() {
        List<String> keys = new java.util.ArrayList<>();
        for (int writers : ConcurrentCommits.WRITERS) {
            for (String figure : List.of(Concurrency.COMMITS_PER_SECOND, Latency.P50, Latency.P95, Latency.P99,
                    Latency.P999, Latency.MAX)) {
                keys.add(Concurrency.key(writers, figure));
            }
        }
        return keys;
    }

    /** The figures the summary keeps per workload. */
    static List<String> keys(Workload workload) {
        return switch (workload) {
            case COMMIT, PROTOCOL, API_COMMIT -> List.of(Latency.P50, Latency.P95, Latency.P99, Latency.P999, Latency.MAX,
                    Latency.ALLOCATED, Latency.WRITTEN);
            case CONCURRENT -> concurrentKeys();
            case READ, JOIN -> List.of(Latency.P50, Latency.P95, Latency.P99);
            case INSERT -> List.of(Throughput.ROWS_PER_SECOND);
            case SIZE -> List.of(Size.BYTES);
        };
    }
}
