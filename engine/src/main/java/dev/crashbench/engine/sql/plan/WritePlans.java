package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Result;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.schema.ColumnDef;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** INSERT, UPDATE and DELETE. */
final class WritePlans {
    private WritePlans() {
    }

    static TableDef table(Schema schema, Table t) throws SQLException {
        if (t == null || t.getName() == null) {
            throw SqlErrors.syntax("the statement names no table"); // JSqlParser accepts "DELETE FROM WHERE x"
        }
        TableDef def = schema.table(t.getUnquotedName());
        if (def == null || t.getSchemaName() != null) {
            throw SqlErrors.noSuchTable(t.getFullyQualifiedName());
        }
        if (t.getAlias() != null) {
            throw SqlErrors.unsupported("an alias on the target table");
        }
        return def;
    }

    /** INSERT INTO t [(columns)] VALUES (...), (...) | SELECT ... | DEFAULT VALUES. */
    static final class InsertPlan implements Plan {
        private final TableDef table;
        private final int[] targets;
        /** The columns no value is given for: each takes its DEFAULT, or NULL. */
        private final int[] untargeted;
        private final List<List<Expr>> rows;
        private final SelectPlan source;
        private final int parameterCount;

        InsertPlan(Insert insert, Schema schema, ExprCompiler.Parameters parameters) throws SQLException {
            if (insert.isModifierIgnore() || insert.getConflictAction() != null || insert.isUseDuplicate()
                    || insert.getReturningClause() != null || insert.isUseSet() || insert.getOutputClause() != null
                    || insert.getWithItemsList() != null) {
                throw SqlErrors.unsupported("this INSERT form (OR/ON CONFLICT/RETURNING/SET/WITH)");
            }
            this.table = table(schema, insert.getTable());
            if (insert.getColumns() == null || insert.getColumns().isEmpty()) {
                targets = new int[table.columnCount()];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = i;
                }
            } else {
                targets = new int[insert.getColumns().size()];
                BitSet seen = new BitSet();
                for (int i = 0; i < targets.length; i++) {
                    Column c = insert.getColumns().get(i);
                    int index = table.columnIndex(c.getUnquotedColumnName());
                    if (index < 0) {
                        throw SqlErrors.noSuchColumn(table.name() + "." + c.getUnquotedColumnName());
                    }
                    if (seen.get(index)) {
                        throw SqlErrors.syntax("column " + c.getUnquotedColumnName() + " is named twice");
                    }
                    seen.set(index);
                    targets[i] = index;
                }
            }
            BitSet targeted = new BitSet();
            for (int t : targets) {
                targeted.set(t);
            }
            untargeted = new int[table.columnCount() - targeted.cardinality()];
            for (int i = 0, c = targeted.nextClearBit(0); i < untargeted.length; i++, c = targeted.nextClearBit(c + 1)) {
                untargeted[i] = c;
            }
            Select select = insert.getSelect();
            List<List<Expr>> compiled = new ArrayList<>();
            SelectPlan from = null;
            if (insert.isOnlyDefaultValues()) {
                if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
                    throw SqlErrors.syntax("DEFAULT VALUES with a column list");
                }
                compiled.add(List.of());
            } else if (select instanceof Values) {
                ExprCompiler compiler = new ExprCompiler(new Scope(), parameters, null);
                ExpressionList<?> list = ((Values) select).getExpressions();
                List<ExpressionList<?>> rowLists = new ArrayList<>();
                if (list instanceof ParenthesedExpressionList) {
                    rowLists.add(list);
                } else {
                    for (Object row : list) {
                        if (!(row instanceof ExpressionList)) {
                            throw SqlErrors.syntax("VALUES rows must be parenthesized: " + row);
                        }
                        rowLists.add((ExpressionList<?>) row);
                    }
                }
                for (ExpressionList<?> row : rowLists) {
                    if (row.size() != targets.length) {
                        throw SqlErrors.syntax(row.size() + " values for " + targets.length + " columns");
                    }
                    List<Expr> values = new ArrayList<>();
                    for (Object e : row) {
                        values.add(compiler.compile((Expression) e));
                    }
                    compiled.add(values);
                }
            } else if (select instanceof PlainSelect) {
                from = SelectPlan.plan((PlainSelect) select, schema, parameters);
                if (from.columnNames().size() != targets.length) {
                    throw SqlErrors.syntax("the SELECT gives " + from.columnNames().size() + " columns for "
                            + targets.length);
                }
            } else {
                throw SqlErrors.unsupported("INSERT from " + select);
            }
            this.rows = compiled;
            this.source = from;
            this.parameterCount = parameters.count();
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            if (source == null && rows.size() == 1) {
                return Result.inserted(insertRow(context, rows.get(0))); // the common one-row INSERT: no key list
            }
            List<Long> keys = new ArrayList<>();
            if (source != null) {
                for (Object[] row : source.run(context).rows()) {
                    Object[] values = newRow(context);
                    for (int i = 0; i < targets.length; i++) {
                        values[targets[i]] = row[i];
                    }
                    keys.add(RowWriter.insert(context, table, values));
                }
            } else {
                for (List<Expr> row : rows) {
                    keys.add(insertRow(context, row));
                }
            }
            return Result.inserted(keys);
        }

        /** Inserts the row of VALUES {@code exprs}; returns its row id. */
        private long insertRow(ExecContext context, List<Expr> exprs) throws IOException, SQLException {
            Object[] values = newRow(context);
            for (int i = 0; i < targets.length; i++) {
                values[targets[i]] = exprs.get(i).eval(null, context.params());
            }
            return RowWriter.insert(context, table, values);
        }

        /**
         * The context's scratch row for the values of a new row, every column no value is given
         * for already set to its DEFAULT or NULL; the caller sets the targeted ones.
         */
        private Object[] newRow(ExecContext context) {
            Object[] values = context.scratch(ExecContext.Scratch.NEXT, table.columnCount());
            for (int c : untargeted) {
                ColumnDef column = table.column(c);
                values[c] = column.hasDefault() ? column.defaultValue() : null;
            }
            return values;
        }

        @Override
        public List<String> explain() {
            List<String> lines = new ArrayList<>();
            if (source != null) {
                lines.addAll(source.explain());
            }
            lines.add("INSERT INTO " + table.name() + (source == null ? " (" + rows.size() + " row"
                    + (rows.size() == 1 ? ")" : "s)") : " FROM THE SELECT"));
            return lines;
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public boolean changesRowsOnly() {
            return true;
        }

        @Override
        public int parameterCount() {
            return parameterCount;
        }
    }

    /** Finds the rows of one table a WHERE clause selects: access path plus filters. */
    static final class Selection {
        final Scope scope = new Scope();
        final Scope.Source source;
        final Access access;
        final List<Expr> filters = new ArrayList<>();
        private final Collector collector = new Collector();

        Selection(TableDef table, Expression where, Schema schema, ExprCompiler.Parameters parameters) throws SQLException {
            source = scope.add(table.name(), table);
            List<Conjunct> conjuncts = Conjunct.split(where, new ExprCompiler(scope, parameters, null));
            access = Conjunct.choose(source, schema.indexesOf(table.name()), conjuncts, new BitSet(), true, false);
            for (Conjunct c : conjuncts) {
                filters.add(c.expr);
            }
        }

        /**
         * Which columns the statement never reads from the old row (null when it reads them all):
         * none of its expressions reads them, no index holds them, and {@code replaced} (null:
         * none) says the new row does not keep them. Computed once the statement's expressions
         * are compiled.
         */
        boolean[] unread(Schema schema, boolean[] replaced) {
            TableDef table = source.table();
            boolean[] skip = new boolean[table.columnCount()];
            boolean any = false;
            for (int i = 0; i < skip.length; i++) {
                skip[i] = (replaced == null || replaced[i]) && i != table.primaryKey()
                        && !scope.isRead(source.offset() + i);
            }
            for (IndexDef index : schema.indexesOf(table.name())) {
                for (int i = 0; i < index.columnCount(); i++) {
                    skip[index.column(i)] = false;
                }
            }
            for (boolean s : skip) {
                any |= s;
            }
            return any ? skip : null;
        }

        /**
         * (row, row id) of the selected rows, the row id in the slot after the columns, all read
         * before the caller changes anything, into the context's {@link SelectedRows}. Columns
         * {@code skip} marks (null: none) are left null.
         */
        SelectedRows collect(ExecContext context, boolean[] skip) throws IOException, SQLException {
            SelectedRows found = context.selectedRows();
            found.clear();
            collector.start(context, context.scratch(ExecContext.Scratch.COMBINED, scope.width()), found);
            try {
                access.rows(context, source.table(), skip, collector.row, collector);
            } finally {
                collector.finish();
            }
            return found;
        }

        /**
         * Copies each candidate that passes every filter: one object per plan, its fields set for
         * one execution at a time (a capturing lambda would be a new object per execution).
         */
        private final class Collector implements Access.RowConsumer {
            private ExecContext context;
            private Object[] row;
            private SelectedRows found;

            void start(ExecContext context, Object[] row, SelectedRows found) {
                this.context = context;
                this.row = row;
                this.found = found;
            }

            void finish() {
                context = null;
                row = null;
                found = null;
            }

            @Override
            public boolean accept(long rowId, Object[] values) throws IOException, SQLException {
                int n = source.table().columnCount();
                System.arraycopy(values, 0, row, 0, n);
                row[n] = rowId;
                for (int i = 0; i < filters.size(); i++) {
                    if (!Boolean.TRUE.equals(SqlValues.truth(filters.get(i).eval(row, context.params())))) {
                        return true;
                    }
                }
                found.add(row);
                return true;
            }
        }
    }

    static final class UpdatePlan implements Plan {
        private final TableDef table;
        private final Selection selection;
        private final int[] columns;
        private final List<Expr> values;
        private final int parameterCount;
        /** Old-row columns the UPDATE replaces and never reads: not decoded (null: none). */
        private final boolean[] unread;

        UpdatePlan(Update update, Schema schema, ExprCompiler.Parameters parameters) throws SQLException {
            if (update.getFromItem() != null || update.getJoins() != null && !update.getJoins().isEmpty()
                    || update.getStartJoins() != null && !update.getStartJoins().isEmpty()
                    || update.getOrderByElements() != null || update.getLimit() != null
                    || update.getReturningClause() != null || update.getWithItemsList() != null
                    || update.isModifierIgnore() || update.getOutputClause() != null) {
                throw SqlErrors.unsupported("this UPDATE form (FROM/JOIN/ORDER BY/LIMIT/RETURNING/WITH)");
            }
            this.table = table(schema, update.getTable());
            this.selection = new Selection(table, update.getWhere(), schema, parameters);
            ExprCompiler compiler = new ExprCompiler(selection.scope, parameters, null);
            List<Integer> targets = new ArrayList<>();
            List<Expr> exprs = new ArrayList<>();
            for (UpdateSet set : update.getUpdateSets()) {
                if (set.getColumns().size() != set.getValues().size()) {
                    throw SqlErrors.syntax("UPDATE sets " + set.getColumns().size() + " columns to "
                            + set.getValues().size() + " values");
                }
                for (int i = 0; i < set.getColumns().size(); i++) {
                    Column c = set.getColumns().get(i);
                    int index = table.columnIndex(c.getUnquotedColumnName());
                    if (index < 0) {
                        throw SqlErrors.noSuchColumn(c.getUnquotedColumnName());
                    }
                    targets.add(index);
                    exprs.add(compiler.compile((Expression) set.getValues().get(i)));
                }
            }
            this.columns = targets.stream().mapToInt(Integer::intValue).toArray();
            this.values = exprs;
            this.parameterCount = parameters.count();
            boolean[] replaced = new boolean[table.columnCount()];
            for (int c : columns) {
                replaced[c] = true;
            }
            this.unread = selection.unread(schema, replaced);
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            long count = 0;
            int n = table.columnCount();
            SelectedRows found = selection.collect(context, unread);
            Object[] old = context.scratch(ExecContext.Scratch.OLD, n);
            Object[] next = context.scratch(ExecContext.Scratch.NEXT, n);
            for (int r = 0; r < found.size(); r++) {
                Object[] row = found.get(r);
                long rowId = (Long) row[n];
                System.arraycopy(row, 0, old, 0, n);
                System.arraycopy(row, 0, next, 0, n);
                for (int i = 0; i < columns.length; i++) {
                    next[columns[i]] = values.get(i).eval(row, context.params());
                }
                RowWriter.update(context, table, rowId, old, next);
                count++;
            }
            return Result.update(count);
        }

        @Override
        public List<String> explain() {
            return List.of(selection.access.describe(table.name()), "UPDATE " + table.name());
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public boolean changesRowsOnly() {
            return true;
        }

        @Override
        public int parameterCount() {
            return parameterCount;
        }
    }

    static final class DeletePlan implements Plan {
        private final TableDef table;
        private final Selection selection;
        private final int parameterCount;
        /** Columns the DELETE never reads (no expression, no index): not decoded (null: none). */
        private final boolean[] unread;

        DeletePlan(Delete delete, Schema schema, ExprCompiler.Parameters parameters) throws SQLException {
            if (delete.getJoins() != null && !delete.getJoins().isEmpty()
                    || delete.getUsingList() != null && !delete.getUsingList().isEmpty()
                    || delete.getTables() != null && delete.getTables().size() > 1
                    || delete.getOrderByElements() != null || delete.getLimit() != null
                    || delete.getReturningClause() != null || delete.getWithItemsList() != null
                    || delete.getOutputClause() != null) {
                throw SqlErrors.unsupported("this DELETE form (JOIN/USING/ORDER BY/LIMIT/RETURNING/WITH)");
            }
            this.table = table(schema, delete.getTable());
            this.selection = new Selection(table, delete.getWhere(), schema, parameters);
            this.parameterCount = parameters.count();
            this.unread = selection.unread(schema, null);
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            long count = 0;
            int n = table.columnCount();
            SelectedRows found = selection.collect(context, unread);
            for (int r = 0; r < found.size(); r++) {
                Object[] row = found.get(r);
                RowWriter.delete(context, table, (Long) row[n], row);
                count++;
            }
            return Result.update(count);
        }

        @Override
        public List<String> explain() {
            return List.of(selection.access.describe(table.name()), "DELETE FROM " + table.name());
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public boolean changesRowsOnly() {
            return true;
        }

        @Override
        public int parameterCount() {
            return parameterCount;
        }
    }
}
