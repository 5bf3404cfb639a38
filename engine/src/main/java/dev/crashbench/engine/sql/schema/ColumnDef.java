package dev.crashbench.engine.sql.schema;

import dev.crashbench.engine.sql.Affinity;

/**
 * One column of a table.
 *
 * @param name         as declared
 * @param declaredType the type name as written (may be empty), which decides the affinity
 * @param primaryKey   the column is the table's INTEGER PRIMARY KEY: the row's B+tree key
 * @param hasDefault   a DEFAULT clause was given; {@code defaultValue} is then its value (may be NULL)
 */
public record ColumnDef(String name, String declaredType, Affinity affinity, boolean notNull, boolean primaryKey,
                        boolean hasDefault, Object defaultValue) {
}
