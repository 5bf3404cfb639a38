package dev.crashbench.engine.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Parsing: transaction control (BEGIN, COMMIT, END, ROLLBACK) and the EXPLAIN prefix are read
 * here; everything else goes to JSqlParser, called directly (not through its timeout executor) and
 * required to consume the whole text, so a second statement or trailing garbage is an error.
 * Errors are {@code 42000} with the line and column JSqlParser stopped at.
 */
public final class SqlParser {
    private static final Pattern EXPLAIN = Pattern.compile("^\\s*EXPLAIN(\\s+QUERY\\s+PLAN)?\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile(
            "^\\s*(BEGIN(\\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\\s+TRANSACTION)?|COMMIT(\\s+TRANSACTION)?|END(\\s+TRANSACTION)?"
                    + "|ROLLBACK(\\s+TRANSACTION)?)\\s*;?\\s*$", Pattern.CASE_INSENSITIVE);

    /** Transaction control statements. */
    public enum Control { BEGIN, COMMIT, ROLLBACK }

    /** A parsed statement: transaction control, or a JSqlParser statement (maybe under EXPLAIN). */
    public record Parsed(String sql, Control control, Statement statement, boolean explain) {
    }

    private SqlParser() {
    }

    public static Parsed parse(String sql) throws SQLException {
        if (sql == null) {
            throw SqlErrors.syntax("SQL text is null");
        }
        Matcher control = CONTROL.matcher(sql);
        if (control.matches()) {
            String word = control.group(1).trim().toUpperCase(Locale.ROOT);
            Control c = word.startsWith("BEGIN") ? Control.BEGIN : word.startsWith("ROLLBACK") ? Control.ROLLBACK : Control.COMMIT;
            return new Parsed(sql, c, null, false);
        }
        Matcher explain = EXPLAIN.matcher(sql);
        boolean isExplain = explain.find();
        String body = isExplain ? sql.substring(explain.end()) : sql;
        int shift = isExplain ? explain.end() : 0;
        if (body.isBlank()) {
            throw SqlErrors.syntax("empty SQL statement");
        }
        CCJSqlParser parser = CCJSqlParserUtil.newParser(body);
        Statement statement;
        try {
            statement = parser.Statement();
            Token next = parser.getNextToken();
            while (next.kind == CCJSqlParserConstants.ST_SEMICOLON) {
                next = parser.getNextToken();
            }
            if (next.kind != CCJSqlParserConstants.EOF) {
                throw SqlErrors.syntaxAt("unexpected '" + next.image + "' after the statement (one statement per call)",
                        next.beginLine, column(next.beginLine, next.beginColumn, shift));
            }
        } catch (ParseException e) {
            Token at = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next : e.currentToken;
            String near = at == null || at.image == null || at.image.isEmpty() ? "end of input" : "'" + at.image + "'";
            int line = at == null ? 1 : at.beginLine;
            int col = at == null ? 1 : at.beginColumn;
            throw SqlErrors.syntaxAt("syntax error near " + near, line, column(line, col, shift));
        } catch (TokenMgrException e) {
            throw SqlErrors.syntax("syntax error: " + e.getMessage());
        }
        if (statement == null) {
            throw SqlErrors.syntax("empty SQL statement");
        }
        return new Parsed(sql, null, statement, isExplain);
    }

    private static int column(int line, int column, int shift) {
        return line == 1 ? column + shift : column;
    }
}
