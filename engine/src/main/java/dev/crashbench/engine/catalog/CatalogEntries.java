package dev.crashbench.engine.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one state of the catalog, decoded once: in creation order, and by name.
 * Immutable, so every transaction that sees the same catalog shares one ({@link CatalogCache}).
 */
public final class CatalogEntries {
    /** The catalog of a database with no trees (catalog root 0). */
    public static final CatalogEntries EMPTY = new CatalogEntries(List.of());

    private final List<CatalogEntry> inCreationOrder;
    private final Map<String, CatalogEntry> byName;

    public CatalogEntries(List<CatalogEntry> inCreationOrder) {
        this.inCreationOrder = List.copyOf(inCreationOrder);
        Map<String, CatalogEntry> names = new HashMap<>();
        for (CatalogEntry entry : this.inCreationOrder) {
            names.putIfAbsent(entry.name(), entry); // as Catalog#find: the first of a (damaged) duplicate wins
        }
        this.byName = Map.copyOf(names);
    }

    /** The tree named {@code name}, or null. */
    public CatalogEntry find(String name) {
        return byName.get(name);
    }

    /** Every tree, in table-id (creation) order. */
    public List<CatalogEntry> all() {
        return inCreationOrder;
    }
}
