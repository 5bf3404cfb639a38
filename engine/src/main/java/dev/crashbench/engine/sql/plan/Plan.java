package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Result;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** A statement planned against one schema: run it as often as needed, with new parameters each time. */
public interface Plan {
    Result run(ExecContext context) throws IOException, SQLException;

    /** The chosen plan, one step per line, as EXPLAIN shows it. */
    List<String> explain();

    /** Whether running it needs the write transaction. */
    boolean writes();

    /** Parameters the statement takes (the highest ? number). */
    int parameterCount();
}
