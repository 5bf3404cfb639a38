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

    /**
     * Whether it changes table rows and index keys only, never the schema (INSERT, UPDATE,
     * DELETE): then a batch can run one parameter set after another in one execution, since
     * nothing one set does changes the schema, the plan or the handles the next one uses.
     */
    default boolean changesRowsOnly() {
        return false;
    }
}
