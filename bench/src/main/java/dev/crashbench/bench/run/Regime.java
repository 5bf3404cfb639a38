package dev.crashbench.bench.run;

/**
 * What a run's figures mean, from where its data lived. On a real disk every durable commit pays
 * a device write and a flush, so figures say how close an engine gets to the floor. On a
 * RAM-backed file system a sync is nearly free, so figures are the engine's own CPU overhead and
 * are never presented as durable latencies.
 */
public enum Regime {
    DEVICE("device", "device (data on the real disk: durable latencies)"),
    CPU_PATH("cpu-path", "CPU path, not durable (data on a RAM-backed file system: syncs cost nothing)");

    private final String key;
    private final String label;

    Regime(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** For file names and JSON: {@code device}, {@code cpu-path}. */
    public String key() {
        return key;
    }

    /** The label every table, chart and file of this regime carries. */
    public String label() {
        return label;
    }

    /** Short label for chart titles and table headings. */
    public String shortLabel() {
        return this == DEVICE ? "device" : "CPU path, not durable";
    }

    /** The regime a data directory's file system puts a run in. */
    public static Regime of(boolean memoryBacked) {
        return memoryBacked ? CPU_PATH : DEVICE;
    }
}
