package dev.crashbench.engine.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;

/**
 * JSqlParser's parser with a cheap parse error. The generated parser builds each
 * {@link ParseException} by replaying every lookahead it tried at the failing position to list
 * the tokens it expected there; on nested text that replay is where nearly all the time goes
 * (a sampled {@code SELECT ((((1 +))))} spent 97% of its time in it, and its cost grows with the
 * depth: 0.4 s of CPU at depth 3, 3.4 s at depth 9). This engine's messages name only the token
 * the parser stopped at, so the error here carries that token and no expected list, and a bad
 * statement fails as fast as a good one parses.
 */
final class CheapErrorParser extends CCJSqlParser {
    private static final int[][] NO_EXPECTED_TOKENS = new int[0][];

    CheapErrorParser(String sql) {
        super(new StringProvider(sql));
    }

    @Override
    public ParseException generateParseException() {
        return new ParseException(token, NO_EXPECTED_TOKENS, tokenImage);
    }
}
