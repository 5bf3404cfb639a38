package dev.crashbench.bench.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.Optimization;
import java.util.Map;

/**
 * {@code matrix.json}: the matrix of every regime, one entry per row.
 * <pre>
 * { "format": "crashbench-matrix", "formatVersion": 1, "acceptanceRule": "...", "commitMarker": "...",
 *   "regimes": [ { "regime": "cpu-path", "label": "CPU path, not durable (...)", "durable": false,
 *                  "dataDirectory": "/dev/shm/...", "fileSystem": "tmpfs",
 *                  "keptStack": "stack+writer_reuse+wal_mmap", "keptOptimizations": [ "writer_reuse", "wal_mmap" ],
 *                  "rows": [ { "optimization": "wal_mmap alone", "kind": "ALONE", "configuration": "wal_mmap",
 *                              "gate": "NOT_EXERCISED", "gateReason": "...", "gateEvents": { "COMMIT": 812 },
 *                              "exercised": { "wal_mmap": false },
 *                              "verdict": "REJECTED (gate)", "reason": "...", "figures": { "commitP95Us": 9.9 } } ] } ] }
 * </pre>
 * with, beside "regimes", "defaults": { "rule": "...", "recommended": [ ... ], "reasons": [ ... ] }.
 * Figures appear only for rows the gate COUNTED, from the rounds the row was measured in (a stack
 * step's own). In the CPU-path regime ({@code "durable": false})
 * they are the engine's own overhead, never durable latencies.
 */
public final class MatrixJson {
    public static final String FORMAT = "crashbench-matrix";
    public static final int FORMAT_VERSION = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MatrixJson() {
    }

    public static String of(MatrixResults results) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("acceptanceRule", AcceptanceRule.describe());
        root.put("commitMarker", MatrixReport.COMMIT_MARKER);
        ArrayNode regimes = root.putArray("regimes");
        for (MatrixRegime mr : results.regimes()) {
            BenchResults r = mr.alone();
            ObjectNode regime = regimes.addObject();
            regime.put("regime", r.regime().key());
            regime.put("label", r.regime().label());
            regime.put("durable", r.regime() == dev.crashbench.bench.run.Regime.DEVICE);
            regime.put("dataDirectory", r.storage().directory().toString());
            regime.put("fileSystem", r.storage().fsType());
            regime.put("rounds", r.profile().rounds());
            regime.put("keptStack", mr.kept().name());
            ArrayNode kept = regime.putArray("keptOptimizations");
            for (Optimization o : results.matrix().order()) {
                if (mr.kept().options().optimizations().contains(o)) {
                    kept.add(o.key());
                }
            }
            ArrayNode rows = regime.putArray("rows");
            for (MatrixLine l : mr.lines()) {
                ObjectNode row = rows.addObject();
                row.put("optimization", l.row().label());
                row.put("kind", l.row().kind().name());
                l.row().added().ifPresent(o -> row.put("adds", o.key()));
                l.row().contender().ifPresent(c -> row.put("configuration", c));
                if (!l.row().note().isEmpty()) {
                    row.put("note", l.row().note());
                }
                if (l.gate().isPresent()) {
                    GateResult g = l.gate().get();
                    row.put("gate", g.verdict().name());
                    row.put("gateReason", g.reason());
                    if (g.found() != null) {
                        row.put("rule", g.found().violation().rule().name());
                    }
                    if (g.replayFile() != null) {
                        row.put("replayFile", g.replayFile().toString());
                    }
                    ObjectNode events = row.putObject("gateEvents");
                    for (Map.Entry<EngineEvent, Long> e : g.events().entrySet()) {
                        events.put(e.getKey().name(), e.getValue());
                    }
                    ObjectNode exercised = row.putObject("exercised");
                    for (Optimization o : results.optimizationsOf(l.row().contender().get())) {
                        exercised.put(o.key(), g.count(o.exercisedBy()) > 0);
                    }
                }
                row.put("verdict", l.verdict().text());
                row.put("reason", l.reason());
                if (l.hasFigures()) {
                    ObjectNode figures = row.putObject("figures");
                    for (Map.Entry<String, Double> f : MatrixFigures.of(l.measuredIn().get(), l.row().contender().get(),
                            results.matrix().baseline()).entrySet()) {
                        figures.put(f.getKey(), f.getValue());
                    }
                }
            }
        }
        MatrixDefaults defaults = MatrixDefaults.of(results);
        ObjectNode d = root.putObject("defaults");
        d.put("rule", MatrixDefaults.describe());
        ArrayNode recommended = d.putArray("recommended");
        for (Optimization o : results.matrix().order()) {
            if (defaults.recommended().contains(o)) {
                recommended.add(o.key());
            }
        }
        ArrayNode why = d.putArray("reasons");
        defaults.reasons().forEach(why::add);
        ArrayNode controls = root.putArray("negativeControls");
        for (GateResult g : results.controls()) {
            ObjectNode c = controls.addObject();
            c.put("configuration", g.engine());
            c.put("unsafeOptions", String.join(",", g.unsafeOptions()));
            c.put("gate", g.verdict().name());
            c.put("caught", g.found() != null);
            if (g.found() != null) {
                c.put("rule", g.found().violation().rule().name());
                c.put("statesUntilCaught", g.states());
            }
            if (g.replayFile() != null) {
                c.put("replayFile", g.replayFile().toString());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("matrix.json failed to serialize: " + e.getMessage(), e);
        }
    }
}
