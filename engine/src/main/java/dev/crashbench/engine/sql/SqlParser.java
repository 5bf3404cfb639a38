package dev.crashbench.engine.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Parsing: transaction control (BEGIN, COMMIT, END, ROLLBACK) and the EXPLAIN prefix are read
 * here; everything else goes to JSqlParser, which must consume the whole text, so a second
 * statement or trailing garbage is an error. Errors are {@code 42000} with the line and column
 * JSqlParser stopped at.
 *
 * <p><b>Bounded work on any text.</b> JSqlParser called plainly took 24 s to reject
 * {@code SELECT (((1}, more than 300 s for {@code SELECT ((((1}, and more than 10 s to accept 12
 * balanced levels. Three causes, and a guard for each:
 * <ol>
 *   <li>its "complex parsing" mode (on by default: it lets a function argument or a CASE branch be
 *       a full condition) tries each nested level both ways, which is exponential in the depth of
 *       balanced parentheses. It is off here: the subset the engine plans has no conditions as
 *       function arguments and no CASE;</li>
 *   <li>building a parse error replays every lookahead at the failing position, at a cost that
 *       grows steeply with nesting: {@link CheapErrorParser} skips that replay;</li>
 *   <li>nested subqueries, CASE expressions and square brackets backtrack exponentially in the
 *       grammar itself: {@link NestingScan} reads the text once before the parser and refuses more
 *       than {@link #MAX_COSTLY_NESTING_DEPTH} levels of them, or more than
 *       {@link #MAX_NESTING_DEPTH} of parentheses, with {@code 54001} ("statement too complex"),
 *       and an unbalanced parenthesis with {@code 42000}.</li>
 * </ol>
 * Last, the parser runs under its own timeout ({@link #PARSE_TIMEOUT_MILLIS}) on a pool thread,
 * for any shape the scan does not foresee: on expiry JSqlParser flags the parse as interrupted,
 * its lookaheads then fail at once, and the caller gets {@code 54001}. A failure from inside the
 * parser that is not a syntax error (JSqlParser throws a ClassCastException for
 * {@code x (+) -1}) is reported as {@code 42000}, never as an unchecked exception.
 */
public final class SqlParser {
    /** Deepest nesting of parentheses and square brackets accepted (SQLite's own bound on expressions is deeper; none of the engine's SQL comes near). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Deepest nesting of subqueries, CASE expressions and square brackets accepted: the engine plans none of them, and the parser's cost grows exponentially with them. */
    public static final int MAX_COSTLY_NESTING_DEPTH = 3;
    /** The parser's own timeout: the last guard, for text the nesting scan lets through. */
    public static final long PARSE_TIMEOUT_MILLIS = 2_000;
    /** Stack of a parser thread: recursive descent over a long chain of unary operators needs room. */
    private static final long PARSER_STACK_BYTES = 4L << 20;
    /**
     * Threads that run JSqlParser so that its timeout can stop waiting for them: created on demand,
     * gone after a minute idle, daemons so they never keep a JVM alive. Shared by every session
     * because a parse holds no state of its session.
     */
    private static final ExecutorService PARSER_THREADS = parserThreads();

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
        checkNesting(body, shift);
        CCJSqlParser parser = new CheapErrorParser(body)
                .withAllowComplexParsing(false)
                .withTimeOut(PARSE_TIMEOUT_MILLIS);
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parseStatement(parser, PARSER_THREADS);
            Token next = parser.getNextToken();
            while (next.kind == CCJSqlParserConstants.ST_SEMICOLON) {
                next = parser.getNextToken();
            }
            if (next.kind != CCJSqlParserConstants.EOF) {
                throw SqlErrors.syntaxAt("unexpected '" + next.image + "' after the statement (one statement per call)",
                        next.beginLine, column(next.beginLine, next.beginColumn, shift));
            }
        } catch (JSQLParserException e) {
            throw parseFailure(e, shift);
        } catch (TokenMgrException e) {
            throw SqlErrors.syntax("syntax error: " + e.getMessage());
        }
        if (statement == null) {
            throw SqlErrors.syntax("empty SQL statement");
        }
        return new Parsed(sql, null, statement, isExplain);
    }

    /** Refuses text nested too deeply for the parser, or with a parenthesis that has no partner. */
    private static void checkNesting(String body, int shift) throws SQLException {
        NestingScan scan = NestingScan.of(body);
        if (scan.maxDepth() > MAX_NESTING_DEPTH) {
            throw SqlErrors.tooComplex("parentheses and brackets nest " + scan.maxDepth() + " deep; at most "
                    + MAX_NESTING_DEPTH + " levels are allowed");
        }
        if (scan.maxCostlyDepth() > MAX_COSTLY_NESTING_DEPTH) {
            throw SqlErrors.tooComplex("subqueries, CASE expressions and brackets nest " + scan.maxCostlyDepth()
                    + " deep; at most " + MAX_COSTLY_NESTING_DEPTH + " levels are allowed");
        }
        int at = scan.unbalancedAt();
        if (at != NestingScan.BALANCED) {
            String what = body.charAt(at) == '(' ? "'(' is never closed" : "')' closes no '('";
            int line = lineOf(body, at);
            throw SqlErrors.syntaxAt("unbalanced parentheses: " + what, line, column(line, columnOf(body, at), shift));
        }
    }

    /** What went wrong inside the parser, as the SQLException the caller gets. */
    private static SQLException parseFailure(JSQLParserException e, int shift) {
        Throwable cause = e.getCause() instanceof ExecutionException ? e.getCause().getCause() : e.getCause();
        if (cause instanceof ParseException) {
            ParseException p = (ParseException) cause;
            Token at = p.currentToken != null && p.currentToken.next != null ? p.currentToken.next : p.currentToken;
            String near = at == null || at.image == null || at.image.isEmpty() ? "end of input" : "'" + at.image + "'";
            int line = at == null ? 1 : at.beginLine;
            int col = at == null ? 1 : at.beginColumn;
            return SqlErrors.syntaxAt("syntax error near " + near, line, column(line, col, shift));
        }
        if (cause instanceof TokenMgrException) {
            return SqlErrors.syntax("syntax error: " + cause.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return SqlErrors.tooComplex("the parser gave up after " + PARSE_TIMEOUT_MILLIS + " ms");
        }
        if (cause instanceof StackOverflowError) {
            return SqlErrors.tooComplex("expressions nest too deeply for the parser");
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new SQLException("interrupted while parsing", "57014", cause);
        }
        // JSqlParser's own actions can fail on text its grammar accepted (a ClassCastException for
        // "x (+) -1"): the text is not SQL this engine reads.
        SQLException failure = SqlErrors.syntax("syntax error: the parser failed on this statement ("
                + (cause == null ? e.getMessage() : cause.getClass().getSimpleName()) + ")");
        failure.initCause(cause);
        return failure;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int columnOf(String text, int index) {
        return index - text.lastIndexOf('\n', index - 1);
    }

    private static ExecutorService parserThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread t = new Thread(null, task, "crashbench-sql-parser-" + count.incrementAndGet(), PARSER_STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
        return pool;
    }

    private static int column(int line, int column, int shift) {
        return line == 1 ? column + shift : column;
    }
}
