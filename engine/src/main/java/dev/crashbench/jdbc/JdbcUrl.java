package dev.crashbench.jdbc;

import dev.crashbench.engine.EngineOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed {@code jdbc:crashbench:} URL: {@code jdbc:crashbench:<path>[?key=value&...]} for a
 * database file on the local file system, {@code jdbc:crashbench:mem:<name>[?...]} for one held in
 * memory until its last connection closes. Options are {@link EngineOptions} keys; connection
 * {@link Properties} with those keys apply too, URL options winning. An unknown key or a bad value
 * is an {@link SQLException} (SQLState 08001) naming it.
 */
record JdbcUrl(boolean memory, String location, EngineOptions options) {
    static final String PREFIX = "jdbc:crashbench:";

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    static JdbcUrl parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw new SQLException("not a crashbench URL: " + url, "08001");
        }
        String rest = url.substring(PREFIX.length());
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        boolean memory = rest.startsWith("mem:");
        String location = memory ? rest.substring(4) : rest;
        if (location.isEmpty()) {
            throw new SQLException("the URL names no " + (memory ? "memory database" : "file") + ": " + url, "08001");
        }
        EngineOptions options = EngineOptions.defaults();
        if (info != null) {
            for (Map.Entry<Object, Object> e : info.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals("user") || key.equals("password")) {
                    continue; // DriverManager passes these; there are no users
                }
                options = option(options, key, String.valueOf(e.getValue()), url);
            }
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new SQLException("option '" + pair + "' in " + url + " is not key=value", "08001");
                }
                String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                options = option(options, key, value, url);
            }
        }
        try {
            options.checkCombination();
        } catch (IllegalArgumentException e) {
            throw new SQLException("bad options in " + url + ": " + e.getMessage(), "08001", e);
        }
        return new JdbcUrl(memory, location, options);
    }

    private static EngineOptions option(EngineOptions options, String key, String value, String url) throws SQLException {
        try {
            return options.with(key, value);
        } catch (IllegalArgumentException e) {
            throw new SQLException("bad option in " + url + ": " + e.getMessage(), "08001", e);
        }
    }
}
