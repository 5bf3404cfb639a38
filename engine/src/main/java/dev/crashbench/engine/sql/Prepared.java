package dev.crashbench.engine.sql;

import dev.crashbench.engine.sql.plan.Plan;
import dev.crashbench.engine.sql.plan.Planner;
import dev.crashbench.engine.sql.schema.Schema;
import java.sql.SQLException;

/**
 * A statement parsed once and planned once per schema version: executions with new parameters
 * reuse the plan (a key lookup plan goes straight to the B+tree), and only a change of the
 * schema cookie since planning makes it plan again.
 */
public final class Prepared {
    private final SqlParser.Parsed parsed;
    private Plan plan;
    private long cookie;

    Prepared(SqlParser.Parsed parsed, Plan plan, long cookie) {
        this.parsed = parsed;
        this.plan = plan;
        this.cookie = cookie;
    }

    public String sql() {
        return parsed.sql();
    }

    SqlParser.Control control() {
        return parsed.control();
    }

    /** Parameters the statement takes. */
    public int parameterCount() {
        return plan == null ? 0 : plan.parameterCount();
    }

    /** Whether the statement returns rows (SELECT, EXPLAIN). */
    public boolean isQuery() {
        return plan != null && (parsed.explain() || !plan.writes());
    }

    /** The plan for {@code schema}, planning again if the schema changed since the last plan. */
    Plan planFor(Schema schema) throws SQLException {
        if (plan == null || schema.cookie() != cookie) {
            plan = Planner.plan(parsed.statement(), parsed.sql(), schema, parsed.explain());
            cookie = schema.cookie();
        }
        return plan;
    }
}
