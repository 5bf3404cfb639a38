package dev.crashbench.bench.contender;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.io.CountingVfs;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.jdbc.CrashbenchDriver;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration of the reference engine. The JDBC URL carries every option of {@link #options()}
 * (not only those given), so the database measured is opened with exactly the options the gate
 * tortured.
 *
 * @param name    unique name, {@code crashbench} for the defaults
 * @param options the engine options, mutations included when asked for
 */
public record ReferenceEngine(String name, EngineOptions options) implements JdbcContender {

    public ReferenceEngine {
        Names.check(name);
        if (options == null) {
            throw new IllegalArgumentException("options must be given");
        }
    }

    /** The default configuration: FULL durability. */
    public static ReferenceEngine defaults() {
        return new ReferenceEngine("crashbench", EngineOptions.defaults());
    }

    /** The JDBC URL of database {@code file}. */
    public String url(Path file) {
        StringBuilder url = new StringBuilder("jdbc:crashbench:").append(file.toAbsolutePath());
        char separator = '?';
        for (Map.Entry<String, String> e : options.toKeyValues().entrySet()) {
            url.append(separator).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    @Override
    public Connection open(Path directory, String name) throws SQLException {
        return DriverManager.getConnection(url(directory.resolve(name + ".db")));
    }

    /**
     * Opens the database on a {@link CountingVfs} over the real VFS of {@code directory}, with the
     * same options as {@link #open}: the engine's writes (pwrite and mapped stores) are counted.
     */
    @Override
    public CountedConnection openCounted(Path directory, String name) throws SQLException {
        CountingVfs vfs;
        try {
            vfs = new CountingVfs(LocalVfs.at(directory));
        } catch (IOException e) {
            throw new SQLException("cannot open " + directory + ": " + e.getMessage(), "08001", e);
        }
        return new CountedConnection(CrashbenchDriver.connect(vfs, name + ".db", options), vfs::bytesWritten);
    }

    /** The options that differ from the defaults, as {@code key=value}. */
    public List<String> changedOptions() {
        Map<String, String> defaults = EngineOptions.defaults().toKeyValues();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : options.toKeyValues().entrySet()) {
            if (!e.getValue().equals(defaults.get(e.getKey()))) {
                changed.add(e.getKey() + "=" + e.getValue());
            }
        }
        return changed;
    }

    /** The unsafe options switched on: such a configuration is broken on purpose. */
    public List<String> unsafeOptions() {
        List<String> keys = new ArrayList<>();
        for (UnsafeMutation m : UnsafeMutation.values()) {
            if (options.has(m)) {
                keys.add(m.key());
            }
        }
        return keys;
    }

    @Override
    public String settings() {
        List<String> changed = changedOptions();
        return "reference engine, durability=" + options.durability().name().toLowerCase(java.util.Locale.ROOT)
                + (changed.isEmpty() ? ", default options" : "; changed from the defaults: " + String.join(", ", changed));
    }

    @Override
    public boolean durable() {
        return options.durability() == dev.crashbench.engine.Durability.FULL && !options.isUnsafe();
    }

    /** Every workload, the one through its own API included. */
    @Override
    public Set<Workload> workloads() {
        return EnumSet.allOf(Workload.class);
    }

    @Override
    public boolean gated() {
        return true;
    }
}
