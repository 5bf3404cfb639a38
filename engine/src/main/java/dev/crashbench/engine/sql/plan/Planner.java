package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Result;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.schema.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/** Turns a parsed statement into a {@link Plan} for one schema. */
public final class Planner {
    private Planner() {
    }

    /**
     * Plans {@code statement}; {@code sql} is its text (kept in the schema for DDL); with
     * {@code explain} the plan only describes itself when run.
     */
    public static Plan plan(Statement statement, String sql, Schema schema, boolean explain) throws SQLException {
        Plan plan;
        try {
            plan = planStatement(statement, sql, schema);
        } catch (StackOverflowError e) {
            throw SqlErrors.tooComplex("expressions nest too deeply to plan");
        } catch (RuntimeException e) {
            // Every refusal of the planner is an SQLException of its own; this is a bug, reported
            // as one instead of escaping the JDBC driver as an unchecked exception.
            throw SqlErrors.internal(e);
        }
        return explain ? new ExplainPlan(plan) : plan;
    }

    private static Plan planStatement(Statement statement, String sql, Schema schema) throws SQLException {
        ExprCompiler.Parameters parameters = new ExprCompiler.Parameters();
        if (statement instanceof Select) {
            Select select = (Select) statement;
            while (select instanceof ParenthesedSelect) {
                select = ((ParenthesedSelect) select).getSelect();
            }
            if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
                throw SqlErrors.unsupported("WITH");
            }
            if (select.getOrderByElements() != null && !(select instanceof PlainSelect)) {
                throw SqlErrors.unsupported("ORDER BY on a compound SELECT");
            }
            if (!(select instanceof PlainSelect)) {
                throw SqlErrors.unsupported("UNION, INTERSECT, EXCEPT and VALUES as a query");
            }
            return SelectPlan.plan((PlainSelect) select, schema, parameters);
        }
        if (statement instanceof Insert) {
            return new WritePlans.InsertPlan((Insert) statement, schema, parameters);
        }
        if (statement instanceof Update) {
            return new WritePlans.UpdatePlan((Update) statement, schema, parameters);
        }
        if (statement instanceof Delete) {
            return new WritePlans.DeletePlan((Delete) statement, schema, parameters);
        }
        if (statement instanceof CreateTable) {
            return new DdlPlans.CreateTablePlan((CreateTable) statement, schema, sql);
        }
        if (statement instanceof CreateIndex) {
            return new DdlPlans.CreateIndexPlan((CreateIndex) statement, sql);
        }
        if (statement instanceof Drop) {
            Drop drop = (Drop) statement;
            String type = drop.getType() == null ? "" : drop.getType().toUpperCase(Locale.ROOT);
            if (drop.getParameters() != null && !drop.getParameters().isEmpty()) {
                throw SqlErrors.unsupported("DROP ... " + String.join(" ", drop.getParameters()));
            }
            if (type.equals("TABLE")) {
                return new DdlPlans.DropTablePlan(drop);
            }
            if (type.equals("INDEX")) {
                return new DdlPlans.DropIndexPlan(drop);
            }
            throw SqlErrors.unsupported("DROP " + type);
        }
        throw SqlErrors.unsupported(statement.getClass().getSimpleName() + " statements");
    }

    /** EXPLAIN: a one-column result, one line per plan step; the statement itself does not run. */
    static final class ExplainPlan implements Plan {
        private final Plan plan;

        ExplainPlan(Plan plan) {
            this.plan = plan;
        }

        @Override
        public Result run(ExecContext context) {
            List<Object[]> rows = new ArrayList<>();
            for (String line : plan.explain()) {
                rows.add(new Object[] {line});
            }
            return Result.query(List.of("plan"), List.of("TEXT"), rows);
        }

        @Override
        public List<String> explain() {
            return plan.explain();
        }

        @Override
        public boolean writes() {
            return false;
        }

        @Override
        public int parameterCount() {
            return plan.parameterCount();
        }
    }
}
