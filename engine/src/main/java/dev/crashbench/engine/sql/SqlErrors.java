package dev.crashbench.engine.sql;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;

/**
 * The errors of the SQL layer, each with its SQLState. The layer throws {@link SQLException}s
 * directly so the JDBC driver passes them on unchanged.
 *
 * <table>
 *   <caption>SQLStates used</caption>
 *   <tr><th>state</th><th>meaning</th></tr>
 *   <tr><td>42000</td><td>malformed SQL (the message names line and column)</td></tr>
 *   <tr><td>42S01 / 42S02</td><td>table exists / no such table</td></tr>
 *   <tr><td>42S11 / 42S12</td><td>index exists / no such index</td></tr>
 *   <tr><td>42S22 / 42702</td><td>no such column / ambiguous column</td></tr>
 *   <tr><td>42803</td><td>misuse of an aggregate</td></tr>
 *   <tr><td>07001</td><td>wrong number of parameters or a parameter not set</td></tr>
 *   <tr><td>0A000</td><td>SQL outside the supported subset</td></tr>
 *   <tr><td>22018 / 22003</td><td>datatype mismatch / numeric overflow</td></tr>
 *   <tr><td>23502 / 23505</td><td>NOT NULL / UNIQUE (or primary key) violated</td></tr>
 *   <tr><td>25000 / 25006 / 25P02</td><td>bad transaction state / read-only / transaction aborted</td></tr>
 *   <tr><td>40001</td><td>serialization failure: retry the transaction</td></tr>
 *   <tr><td>54001</td><td>statement too complex: nested too deeply, or the parser's time ran out</td></tr>
 *   <tr><td>57014</td><td>the thread was interrupted while the statement was parsed</td></tr>
 *   <tr><td>58030</td><td>I/O error or corruption in the engine</td></tr>
 *   <tr><td>XX000</td><td>internal error: a bug in the engine, never the fault of the statement</td></tr>
 * </table>
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static SQLSyntaxErrorException syntax(String message) {
        return new SQLSyntaxErrorException(message, "42000");
    }

    public static SQLSyntaxErrorException syntaxAt(String message, int line, int column) {
        return new SQLSyntaxErrorException(message + " (at line " + line + ", column " + column + ")", "42000");
    }

    public static SQLSyntaxErrorException noSuchTable(String name) {
        return new SQLSyntaxErrorException("no such table: " + name, "42S02");
    }

    public static SQLSyntaxErrorException tableExists(String name) {
        return new SQLSyntaxErrorException("table " + name + " already exists", "42S01");
    }

    public static SQLSyntaxErrorException noSuchIndex(String name) {
        return new SQLSyntaxErrorException("no such index: " + name, "42S12");
    }

    public static SQLSyntaxErrorException indexExists(String name) {
        return new SQLSyntaxErrorException("index " + name + " already exists", "42S11");
    }

    public static SQLSyntaxErrorException noSuchColumn(String name) {
        return new SQLSyntaxErrorException("no such column: " + name, "42S22");
    }

    public static SQLSyntaxErrorException ambiguousColumn(String name) {
        return new SQLSyntaxErrorException("ambiguous column name: " + name, "42702");
    }

    public static SQLSyntaxErrorException aggregateMisuse(String message) {
        return new SQLSyntaxErrorException(message, "42803");
    }

    public static SQLException parameters(String message) {
        return new SQLException(message, "07001");
    }

    public static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not in the supported SQL subset", "0A000");
    }

    public static SQLDataException mismatch(String message) {
        return new SQLDataException("datatype mismatch: " + message, "22018");
    }

    public static SQLDataException overflow(String message) {
        return new SQLDataException(message, "22003");
    }

    public static SQLIntegrityConstraintViolationException notNull(String table, String column) {
        return new SQLIntegrityConstraintViolationException("NOT NULL constraint failed: " + table + "." + column, "23502");
    }

    public static SQLIntegrityConstraintViolationException unique(String what) {
        return new SQLIntegrityConstraintViolationException("UNIQUE constraint failed: " + what, "23505");
    }

    public static SQLException transactionState(String message) {
        return new SQLException(message, "25000");
    }

    public static SQLException readOnly() {
        return new SQLException("attempt to write in a read-only connection", "25006");
    }

    public static SQLException aborted(String why) {
        return new SQLException("the current transaction was rolled back (" + why
                + "); end it with ROLLBACK before running more statements", "25P02");
    }

    public static SQLTransactionRollbackException serialization(String message) {
        return new SQLTransactionRollbackException(message, "40001");
    }

    public static SQLException tooComplex(String why) {
        return new SQLException("statement too complex: " + why, "54001");
    }

    /** A failure the SQL layer did not foresee: the statement is fine, the engine has a bug. */
    public static SQLException internal(RuntimeException e) {
        return new SQLException("internal error: " + e, "XX000", e);
    }

    public static SQLException io(String message, Throwable cause) {
        return new SQLException(message, "58030", cause);
    }
}
