package dev.crashbench.engine.sql;

/**
 * One pass over a statement's text, before the parser sees it, that measures how deeply it
 * nests. JSqlParser backtracks, and some nestings cost it time exponential in their depth even
 * with complex parsing off: subqueries in parentheses ({@code (SELECT (SELECT ...}: 5 levels
 * 0.5 s, 6 levels 3 s, 7 levels 29 s of CPU when the statement is bad), CASE expressions and
 * square brackets. Plain parentheses cost it linear time once the parse error is cheap (see
 * {@link SqlParser}), but their depth is bounded too, like SQLite's expression depth.
 *
 * <p>Two depths come out: {@link #maxDepth} counts open parentheses and square brackets;
 * {@link #maxCostlyDepth} counts open subqueries (a SELECT inside a parenthesis, counted once per
 * parenthesis), CASE expressions (closed by END) and square brackets. Parentheses and words
 * inside string literals ({@code '...'}, with {@code ''} for a quote), quoted identifiers
 * ({@code "..."}, {@code `...`}, {@code $$...$$}) and comments ({@code --} or {@code //} to the
 * end of the line, {@code /* ... *}{@code /}) do not count, as the parser's tokenizer does not
 * count them either.
 *
 * <p>The scan allocates nothing and reads each character once.
 */
final class NestingScan {
    /** No open parenthesis is missing its close, and no close comes without an open. */
    static final int BALANCED = -1;
    /** Parenthesis levels that can be marked as holding a subquery; deeper ones are refused anyway. */
    private static final int MARKED_LEVELS = 63;

    private final int maxDepth;
    private final int maxCostlyDepth;
    private final int unbalancedAt;

    private NestingScan(int maxDepth, int maxCostlyDepth, int unbalancedAt) {
        this.maxDepth = maxDepth;
        this.maxCostlyDepth = maxCostlyDepth;
        this.unbalancedAt = unbalancedAt;
    }

    /** The deepest nesting of parentheses and square brackets: 0 without any, 1 for {@code (1)}. */
    int maxDepth() {
        return maxDepth;
    }

    /** The deepest nesting of subqueries, CASE expressions and square brackets. */
    int maxCostlyDepth() {
        return maxCostlyDepth;
    }

    /**
     * The index of the first {@code )} that closes nothing, or else of the outermost {@code (} left
     * open at the end; {@link #BALANCED} when every parenthesis has its partner. An unterminated
     * literal or comment hides what follows it, as it does from the parser.
     */
    int unbalancedAt() {
        return unbalancedAt;
    }

    static NestingScan of(String sql) {
        int parens = 0;
        int brackets = 0;
        int cases = 0;
        long subqueryLevels = 0; // bit p: the parenthesis open at depth p holds a SELECT
        int maxDepth = 0;
        int maxCostly = 0;
        int outermostOpen = -1;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '(' || c == '[') {
                if (c == '(') {
                    if (parens == 0) {
                        outermostOpen = i;
                    }
                    parens++;
                } else {
                    brackets++;
                }
                i++;
            } else if (c == ')') {
                if (parens == 0) {
                    return new NestingScan(maxDepth, maxCostly, i);
                }
                if (parens <= MARKED_LEVELS) {
                    subqueryLevels &= ~(1L << parens);
                }
                parens--;
                i++;
            } else if (c == ']') {
                brackets = Math.max(0, brackets - 1);
                i++;
            } else if (c == '\'' || c == '"') {
                i = afterQuoted(sql, i, c);
            } else if (c == '`') {
                i = indexAfter(sql, "`", i + 1);
            } else if (c == '$' && sql.startsWith("$$", i)) {
                i = indexAfter(sql, "$$", i + 2);
            } else if (c == '-' && sql.startsWith("--", i) || c == '/' && sql.startsWith("//", i)) {
                i = indexAfter(sql, "\n", i + 2);
            } else if (c == '/' && sql.startsWith("/*", i)) {
                i = indexAfter(sql, "*/", i + 2);
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                if (isWord(sql, i, end, "CASE")) {
                    cases++;
                } else if (isWord(sql, i, end, "END")) {
                    cases = Math.max(0, cases - 1);
                } else if (isWord(sql, i, end, "SELECT") && parens > 0 && parens <= MARKED_LEVELS) {
                    subqueryLevels |= 1L << parens;
                }
                i = end;
            } else {
                i++;
            }
            maxDepth = Math.max(maxDepth, parens + brackets);
            maxCostly = Math.max(maxCostly, cases + brackets + Long.bitCount(subqueryLevels));
        }
        return new NestingScan(maxDepth, maxCostly, parens == 0 ? BALANCED : outermostOpen);
    }

    private static boolean isWord(String sql, int start, int end, String word) {
        return end - start == word.length() && sql.regionMatches(true, start, word, 0, word.length());
    }

    /** The index after a literal that starts with {@code quote} at {@code start}; a doubled quote is part of it. */
    private static int afterQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int indexAfter(String sql, String end, int from) {
        int at = sql.indexOf(end, from);
        return at < 0 ? sql.length() : at + end.length();
    }
}
