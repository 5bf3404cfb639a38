package dev.crashbench.engine.sql;

import java.util.List;

/**
 * What a statement produced: a result table (for SELECT and EXPLAIN), or an update count; the
 * row ids an INSERT assigned; and, after DDL, nothing more (the session tracks the schema).
 *
 * @param columns       result column names; empty for statements that return no rows
 * @param declaredTypes the declared type of each result column that is a table column, else ""
 * @param rows          the rows, each one value per column (see {@link SqlValues} for the value types)
 * @param updateCount   rows changed, or -1 for a query
 * @param generatedKeys the row ids of the rows an INSERT added, in order
 */
public record Result(List<String> columns, List<String> declaredTypes, List<Object[]> rows, long updateCount,
                     List<Long> generatedKeys) {

    /** The results of the counts most statements have: immutable, so shared (a one-row UPDATE makes none). */
    private static final Result[] SMALL_UPDATES = {
        new Result(List.of(), List.of(), List.of(), 0, List.of()),
        new Result(List.of(), List.of(), List.of(), 1, List.of()),
    };

    public static Result update(long count) {
        if (count >= 0 && count < SMALL_UPDATES.length) {
            return SMALL_UPDATES[(int) count];
        }
        return new Result(List.of(), List.of(), List.of(), count, List.of());
    }

    /** One inserted row's result. */
    public static Result inserted(long key) {
        return new Result(List.of(), List.of(), List.of(), 1, List.of(key));
    }

    public static Result inserted(List<Long> keys) {
        return new Result(List.of(), List.of(), List.of(), keys.size(), List.copyOf(keys));
    }

    public static Result query(List<String> columns, List<String> declaredTypes, List<Object[]> rows) {
        return new Result(List.copyOf(columns), List.copyOf(declaredTypes), rows, -1, List.of());
    }

    public boolean isQuery() {
        return updateCount < 0;
    }
}
