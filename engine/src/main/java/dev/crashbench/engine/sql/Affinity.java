package dev.crashbench.engine.sql;

import java.util.Locale;

/**
 * A column's type affinity, decided from its declared type by SQLite's rules (section 3.1 of
 * "Datatypes In SQLite"), in order: a type containing INT is INTEGER; CHAR, CLOB or TEXT is TEXT;
 * BLOB or no type is BLOB (SQLite's "no affinity"); REAL, FLOA or DOUB is REAL; anything else is
 * NUMERIC. An expression that is not a column reference has no affinity, {@link #NONE}, which
 * comparisons treat differently from a BLOB column: TEXT affinity is applied to an operand with
 * none, but not to a BLOB column.
 */
public enum Affinity {
    INTEGER, REAL, NUMERIC, TEXT, BLOB, NONE;

    public static Affinity ofDeclaredType(String type) {
        if (type == null || type.isBlank()) {
            return BLOB;
        }
        String t = type.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return TEXT;
        }
        if (t.contains("BLOB")) {
            return BLOB;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return REAL;
        }
        return NUMERIC;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == REAL || this == NUMERIC;
    }

    /** The value as a column of this affinity stores it (SQLite's conversions on insert). */
    public Object apply(Object value) {
        switch (this) {
            case INTEGER:
            case NUMERIC:
                return SqlValues.applyNumericAffinity(value, false);
            case REAL:
                return SqlValues.applyNumericAffinity(value, true);
            case TEXT:
                return SqlValues.applyTextAffinity(value);
            default:
                return value;
        }
    }
}
