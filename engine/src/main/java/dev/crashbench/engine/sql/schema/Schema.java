package dev.crashbench.engine.sql.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An immutable SQL schema as of one commit: tables and indexes by lower-cased name, and the cookie that versions it. */
public final class Schema {
    private final long cookie;
    private final Map<String, TableDef> tables;
    private final Map<String, IndexDef> indexes;
    /** Each table's indexes by lower-cased table name, made once: every row a statement writes asks. */
    private final Map<String, List<IndexDef>> indexesByTable;

    public Schema(long cookie, Collection<TableDef> tables, Collection<IndexDef> indexes) {
        this.cookie = cookie;
        Map<String, TableDef> t = new LinkedHashMap<>();
        for (TableDef table : tables) {
            t.put(key(table.name()), table);
        }
        Map<String, IndexDef> i = new LinkedHashMap<>();
        for (IndexDef index : indexes) {
            i.put(key(index.name()), index);
        }
        this.tables = Collections.unmodifiableMap(t);
        this.indexes = Collections.unmodifiableMap(i);
        Map<String, List<IndexDef>> byTable = new LinkedHashMap<>();
        for (IndexDef index : i.values()) {
            byTable.computeIfAbsent(key(index.table()), x -> new ArrayList<>()).add(index);
        }
        byTable.replaceAll((table, list) -> List.copyOf(list));
        this.indexesByTable = byTable;
    }

    public static Schema empty() {
        return new Schema(0, List.of(), List.of());
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public long cookie() {
        return cookie;
    }

    public TableDef table(String name) {
        return tables.get(key(name));
    }

    public IndexDef index(String name) {
        return indexes.get(key(name));
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    public Collection<IndexDef> indexes() {
        return indexes.values();
    }

    /** The indexes of {@code table}, in creation order; an unmodifiable list. */
    public List<IndexDef> indexesOf(String table) {
        return indexesByTable.getOrDefault(key(table), List.of());
    }

    /** The next unused object id. */
    public long nextId() {
        long max = 0;
        for (TableDef t : tables.values()) {
            max = Math.max(max, t.id());
        }
        for (IndexDef i : indexes.values()) {
            max = Math.max(max, i.id());
        }
        return max + 1;
    }
}
