package dev.crashbench.recovery.h2;

import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.OptionText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * H2's MVStore as an engine under test (id {@code h2}, at the version of the H2 on the class path),
 * run in process on the explorer's disk through {@link VfsFilePath}.
 *
 * <p>Options: {@code write_delay} = {@code 0} only (H2's {@code WRITE_DELAY}; any other value starts
 * H2's background writer, which wakes on the wall clock, so a run could not repeat: refused, saying
 * so), {@code checkpoint_sync} = {@code false} (default) | {@code true} ({@code CHECKPOINT SYNC}
 * after every commit).
 */
public final class H2Engine implements EngineUnderTest {
    public static final String ID = "h2";
    static final String WRITE_DELAY = "write_delay";
    static final String CHECKPOINT_SYNC = "checkpoint_sync";

    @Override
    public String id() {
        return ID;
    }

    /** H2's version, e.g. {@code 2.3.232}. */
    @Override
    public String version() {
        return org.h2.engine.Constants.VERSION;
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(WRITE_DELAY, "0");
        defaults.put(CHECKPOINT_SYNC, "false");
        return defaults;
    }

    @Override
    public H2EngineConfiguration configure(Map<String, String> options) {
        Map<String, String> values = defaults();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!values.containsKey(option.getKey())) {
                throw OptionText.unknownKey(ID, option.getKey(), values.keySet());
            }
            values.put(option.getKey(), option.getValue());
        }
        if (!"0".equals(values.get(WRITE_DELAY))) {
            throw new IllegalArgumentException("engine '" + ID + "': write_delay=" + values.get(WRITE_DELAY)
                    + " starts H2's background writer, which wakes on the wall clock, so a run on a simulated disk"
                    + " could not repeat; only write_delay=0 runs");
        }
        String sync = values.get(CHECKPOINT_SYNC);
        if (!sync.equals("true") && !sync.equals("false")) {
            throw new IllegalArgumentException("engine '" + ID + "': checkpoint_sync=" + sync + " is not true or false");
        }
        return new H2EngineConfiguration(this, new H2Config(0, Boolean.parseBoolean(sync)));
    }
}
