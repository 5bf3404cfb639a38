package dev.crashbench.engine.sql.expr;

import dev.crashbench.engine.sql.Affinity;

/**
 * A compiled scalar expression, evaluated against one row (the concatenated columns of the
 * sources in scope, or a group's row extended with its aggregate results) and the statement's
 * parameters. Evaluation never fails: SQL has a value (possibly NULL) for every operation here.
 */
public interface Expr {
    Object eval(Object[] row, Object[] params);

    /** The affinity SQLite gives this expression in comparisons: a column's, else {@link Affinity#NONE}. */
    default Affinity affinity() {
        return Affinity.NONE;
    }

    /** SQL-ish text for EXPLAIN and messages. */
    String describe();

    /** Whether the value depends on no row (constants and parameters only). */
    default boolean isRowIndependent() {
        return false;
    }
}
