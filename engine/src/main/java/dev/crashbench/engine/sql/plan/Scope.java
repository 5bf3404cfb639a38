package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.schema.TableDef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The sources of a statement (FROM table and joins) and where each one's columns sit in the
 * combined row: a source of n columns takes n + 1 slots, the last one holding its row id.
 */
final class Scope {
    record Source(int index, String alias, TableDef table, int offset) {
        int width() {
            return table.columnCount() + 1;
        }

        int rowIdSlot() {
            return offset + table.columnCount();
        }

        /** The name EXPLAIN uses: the table, and its alias when it has one. */
        String label() {
            return alias.equalsIgnoreCase(table.name()) ? table.name() : table.name() + " AS " + alias;
        }
    }

    private final List<Source> sources = new ArrayList<>();
    private int width;
    /** Slots some compiled expression reads: a slot no expression reads need not be decoded. */
    private final BitSet readSlots = new BitSet();

    Source add(String alias, TableDef table) {
        Source source = new Source(sources.size(), alias == null ? table.name() : alias, table, width);
        sources.add(source);
        width += source.width();
        return source;
    }

    List<Source> sources() {
        return sources;
    }

    Source source(int i) {
        return sources.get(i);
    }

    int width() {
        return width;
    }

    /** Notes that a compiled expression reads {@code slot}. */
    void markRead(int slot) {
        readSlots.set(slot);
    }

    /** Whether any expression compiled in this scope so far reads {@code slot}. */
    boolean isRead(int slot) {
        return readSlots.get(slot);
    }

    /** The source called {@code name} (alias, or table name when it has none), or null. */
    Source byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Source s : sources) {
            if (s.alias().toLowerCase(Locale.ROOT).equals(n)) {
                return s;
            }
        }
        return null;
    }
}
