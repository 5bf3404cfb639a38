package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Result;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.expr.Exprs;
import dev.crashbench.engine.sql.schema.ColumnDef;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A planned SELECT: a left-deep chain of sources, each with its access path (key lookup, index
 * lookup, key range, hash join or scan), conditions checked as soon as the sources they read are
 * bound, then grouping and aggregates, HAVING, the projection, DISTINCT, ORDER BY and LIMIT.
 *
 * <p><b>Join order.</b> With only inner joins the planner may reorder: it starts with a source
 * its WHERE clause can look up by key or index (else the first in FROM), then repeatedly takes
 * the remaining source with the best access given what is bound (key lookup, unique index, index,
 * hash join, scan; ties in FROM order). A LEFT JOIN keeps the order written, and only its own ON
 * terms choose its access, since WHERE applies after the NULL padding.
 */
final class SelectPlan implements Plan {
    private static final class Step {
        Scope.Source source;
        boolean left;
        Access access;
        final List<Expr> match = new ArrayList<>();
        final List<Expr> filters = new ArrayList<>();
    }

    private record OrderTerm(int outputColumn, Expr expr, boolean descending) {
    }

    private final Scope scope;
    private final List<Step> steps;
    private final List<Expr> constantFilters;
    private final boolean aggregate;
    private final List<Expr> groupBy;
    private final List<Aggregate> aggregates;
    private final Expr having;
    private final List<Expr> projections;
    private final List<String> names;
    private final List<String> declaredTypes;
    private final boolean distinct;
    private final List<OrderTerm> order;
    private final Expr limit;
    private final Expr offset;
    private final int parameterCount;

    private SelectPlan(Builder b) {
        this.scope = b.scope;
        this.steps = b.steps;
        this.constantFilters = b.constantFilters;
        this.aggregate = b.aggregate;
        this.groupBy = b.groupBy;
        this.aggregates = b.aggregates;
        this.having = b.having;
        this.projections = b.projections;
        this.names = b.names;
        this.declaredTypes = b.declaredTypes;
        this.distinct = b.distinct;
        this.order = b.order;
        this.limit = b.limit;
        this.offset = b.offset;
        this.parameterCount = b.parameters.count();
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    List<String> columnNames() {
        return names;
    }

    // ---- planning ----

    private static final class Builder {
        final Scope scope = new Scope();
        final ExprCompiler.Parameters parameters;
        final List<Step> steps = new ArrayList<>();
        final List<Expr> constantFilters = new ArrayList<>();
        boolean aggregate;
        final List<Expr> groupBy = new ArrayList<>();
        final List<Aggregate> aggregates = new ArrayList<>();
        Expr having;
        final List<Expr> projections = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> declaredTypes = new ArrayList<>();
        boolean distinct;
        final List<OrderTerm> order = new ArrayList<>();
        Expr limit;
        Expr offset;

        Builder(ExprCompiler.Parameters parameters) {
            this.parameters = parameters;
        }
    }

    static SelectPlan plan(PlainSelect select, Schema schema, ExprCompiler.Parameters parameters) throws SQLException {
        Builder b = new Builder(parameters);
        rejectUnsupported(select);
        List<Boolean> leftJoin = new ArrayList<>();
        List<Expression> onClauses = new ArrayList<>();
        if (select.getFromItem() != null) {
            addSource(b.scope, select.getFromItem(), schema);
            leftJoin.add(false);
            onClauses.add(null);
            if (select.getJoins() != null) {
                for (Join join : select.getJoins()) {
                    if (join.isRight() || join.isFull() || join.isNatural() || join.isApply() || join.isSemi()
                            || join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
                        throw SqlErrors.unsupported("join kind in '" + join + "'");
                    }
                    addSource(b.scope, join.getRightItem(), schema);
                    leftJoin.add(join.isLeft());
                    Expression on = null;
                    if (join.getOnExpressions() != null) {
                        for (Expression e : join.getOnExpressions()) {
                            on = on == null ? e : new net.sf.jsqlparser.expression.operators.conditional.AndExpression(on, e);
                        }
                    }
                    onClauses.add(on);
                }
            }
        } else if (select.getJoins() != null && !select.getJoins().isEmpty()) {
            throw SqlErrors.syntax("JOIN without FROM");
        }
        ExprCompiler plain = new ExprCompiler(b.scope, parameters, null);
        List<Conjunct> pool = new ArrayList<>(Conjunct.split(select.getWhere(), plain));
        List<List<Conjunct>> leftOn = new ArrayList<>();
        boolean anyLeft = false;
        for (int i = 0; i < b.scope.sources().size(); i++) {
            List<Conjunct> on = Conjunct.split(onClauses.get(i), plain);
            if (leftJoin.get(i)) {
                anyLeft = true;
                leftOn.add(on);
            } else {
                pool.addAll(on);
                leftOn.add(List.of());
            }
        }
        order(b, schema, pool, leftJoin, leftOn, anyLeft);
        projection(b, select);
        return new SelectPlan(b);
    }

    private static void rejectUnsupported(PlainSelect s) throws SQLException {
        if (s.getTop() != null || s.getFirst() != null || s.getSkip() != null || s.getFetch() != null
                || s.getWindowDefinitions() != null || s.getIntoTables() != null || s.getForMode() != null
                || s.getOracleHierarchical() != null || s.getQualify() != null) {
            throw SqlErrors.unsupported("this SELECT clause");
        }
        if (s.getDistinct() != null && s.getDistinct().getOnSelectItems() != null) {
            throw SqlErrors.unsupported("DISTINCT ON");
        }
    }

    private static void addSource(Scope scope, FromItem item, Schema schema) throws SQLException {
        if (!(item instanceof Table)) {
            throw SqlErrors.unsupported("FROM item " + item);
        }
        Table t = (Table) item;
        TableDef def = schema.table(t.getUnquotedName());
        if (def == null || t.getSchemaName() != null) {
            throw SqlErrors.noSuchTable(t.getFullyQualifiedName());
        }
        Alias alias = t.getAlias();
        String name = alias == null ? def.name() : unquote(alias.getName());
        if (scope.byName(name) != null) {
            throw SqlErrors.syntax("the name " + name + " is used twice in FROM");
        }
        scope.add(name, def);
    }

    static String unquote(String name) {
        if (name.length() >= 2) {
            char f = name.charAt(0);
            char l = name.charAt(name.length() - 1);
            if (f == '"' && l == '"' || f == '`' && l == '`' || f == '[' && l == ']') {
                return name.substring(1, name.length() - 1);
            }
        }
        return name;
    }

    /** Chooses the join order and each source's access, and attaches every condition to its step. */
    private static void order(Builder b, Schema schema, List<Conjunct> pool, List<Boolean> leftJoin,
                              List<List<Conjunct>> leftOn, boolean anyLeft) {
        int n = b.scope.sources().size();
        BitSet bound = new BitSet();
        boolean[] placed = new boolean[n];
        for (int k = 0; k < n; k++) {
            int chosen = -1;
            Access chosenAccess = null;
            for (int i = 0; i < n; i++) {
                if (placed[i] || anyLeft && i != k) {
                    continue;
                }
                Scope.Source source = b.scope.source(i);
                List<Conjunct> usable = leftJoin.get(i) ? leftOn.get(i) : pool;
                Access access = Conjunct.choose(source, schema.indexesOf(source.table().name()), usable, bound,
                        k == 0, k > 0);
                if (chosenAccess == null || access.rank() < chosenAccess.rank()) {
                    chosen = i;
                    chosenAccess = access;
                }
            }
            Step step = new Step();
            step.source = b.scope.source(chosen);
            step.left = leftJoin.get(chosen);
            step.access = chosenAccess;
            for (Conjunct c : leftOn.get(chosen)) {
                step.match.add(c.expr);
            }
            b.steps.add(step);
            placed[chosen] = true;
            bound.set(chosen);
        }
        for (Conjunct c : pool) {
            if (c.sources.isEmpty() || b.steps.isEmpty()) {
                b.constantFilters.add(c.expr);
                continue;
            }
            for (Step step : b.steps) {
                BitSet upTo = new BitSet();
                for (Step s : b.steps) {
                    upTo.set(s.source.index());
                    if (s == step) {
                        break;
                    }
                }
                if (Conjunct.within(c.sources, upTo)) {
                    step.filters.add(c.expr);
                    break;
                }
            }
        }
    }

    private static void projection(Builder b, PlainSelect select) throws SQLException {
        ExprCompiler withAggregates = new ExprCompiler(b.scope, b.parameters, b.aggregates);
        for (SelectItem<?> item : select.getSelectItems()) {
            Object e = item.getExpression();
            if (e instanceof AllTableColumns) {
                Table t = ((AllTableColumns) e).getTable();
                Scope.Source source = b.scope.byName(t.getUnquotedName());
                if (source == null) {
                    throw SqlErrors.noSuchTable(t.getName());
                }
                expand(b, source);
            } else if (e instanceof AllColumns) {
                if (b.scope.sources().isEmpty()) {
                    throw SqlErrors.syntax("no tables specified for *");
                }
                for (Scope.Source source : b.scope.sources()) {
                    expand(b, source);
                }
            } else {
                Expression expression = (Expression) e;
                b.projections.add(withAggregates.compile(expression));
                String name;
                String type = "";
                if (item.getAlias() != null) {
                    name = unquote(item.getAlias().getName());
                } else if (expression instanceof Column) {
                    name = ((Column) expression).getUnquotedColumnName();
                } else {
                    name = expression.toString();
                }
                if (expression instanceof Column) {
                    Expr compiled = b.projections.get(b.projections.size() - 1);
                    type = declaredType(b.scope, compiled);
                }
                b.names.add(name);
                b.declaredTypes.add(type);
            }
        }
        java.util.Map<String, Expr> aliases = new java.util.HashMap<>();
        for (int i = 0; i < b.names.size(); i++) {
            aliases.putIfAbsent(b.names.get(i).toLowerCase(Locale.ROOT), b.projections.get(i));
        }
        withAggregates.setAliases(aliases);
        if (select.getGroupBy() != null) {
            if (select.getGroupBy().getGroupingSets() != null && !select.getGroupBy().getGroupingSets().isEmpty()) {
                throw SqlErrors.unsupported("GROUPING SETS");
            }
            ExprCompiler plain = new ExprCompiler(b.scope, b.parameters, null);
            for (Object g : select.getGroupBy().getGroupByExpressionList()) {
                b.groupBy.add(groupTerm(b, plain, (Expression) g));
            }
        }
        if (select.getHaving() != null) {
            b.having = withAggregates.compile(select.getHaving());
        }
        if (select.getOrderByElements() != null) {
            for (OrderByElement element : select.getOrderByElements()) {
                if (element.getNullOrdering() != null) {
                    throw SqlErrors.unsupported("NULLS FIRST/LAST");
                }
                b.order.add(orderTerm(b, withAggregates, element));
            }
        }
        b.aggregate = !b.aggregates.isEmpty() || !b.groupBy.isEmpty();
        if (b.having != null && !b.aggregate) {
            throw SqlErrors.aggregateMisuse("a GROUP BY clause is required before HAVING");
        }
        b.distinct = select.getDistinct() != null;
        Limit limit = select.getLimit();
        if (limit != null) {
            if (limit.isLimitAll() || limit.isLimitNull()) {
                b.limit = null;
            } else if (limit.getRowCount() != null) {
                b.limit = constantTerm(b, limit.getRowCount(), "LIMIT");
            }
            if (limit.getOffset() != null) {
                b.offset = constantTerm(b, limit.getOffset(), "OFFSET");
            }
        }
        if (select.getOffset() != null) {
            b.offset = constantTerm(b, select.getOffset().getOffset(), "OFFSET");
        }
    }

    private static Expr constantTerm(Builder b, Expression e, String what) throws SQLException {
        Expr compiled = new ExprCompiler(new Scope(), b.parameters, null).compile(e);
        if (!compiled.isRowIndependent()) {
            throw SqlErrors.syntax(what + " must be a constant or a parameter");
        }
        return compiled;
    }

    private static String declaredType(Scope scope, Expr compiled) {
        if (!(compiled instanceof Exprs.Column)) {
            return "";
        }
        int slot = ((Exprs.Column) compiled).slot();
        for (Scope.Source s : scope.sources()) {
            if (slot >= s.offset() && slot < s.offset() + s.width()) {
                int i = slot - s.offset();
                return i < s.table().columnCount() ? s.table().column(i).declaredType() : "INTEGER";
            }
        }
        return "";
    }

    private static void expand(Builder b, Scope.Source source) {
        TableDef t = source.table();
        for (int i = 0; i < t.columnCount(); i++) {
            ColumnDef c = t.column(i);
            b.projections.add(new Exprs.Column(source.offset() + i, c.affinity(), source.alias() + "." + c.name()));
            b.names.add(c.name());
            b.declaredTypes.add(c.declaredType());
        }
    }

    /** A GROUP BY term: a result column number, a result alias, or an expression over the sources. */
    private static Expr groupTerm(Builder b, ExprCompiler plain, Expression g) throws SQLException {
        Integer column = resultColumnNumber(g);
        if (column != null) {
            int k = column;
            if (k < 1 || k > b.projections.size()) {
                throw SqlErrors.syntax("GROUP BY term out of range - should be between 1 and " + b.projections.size());
            }
            Expr e = b.projections.get(k - 1);
            if (e instanceof Exprs.AggregateResult) {
                throw SqlErrors.aggregateMisuse("aggregate functions are not allowed in the GROUP BY clause");
            }
            return e;
        }
        try {
            return plain.compile(g);
        } catch (SQLException e) {
            if ("42S22".equals(e.getSQLState()) && g instanceof Column && ((Column) g).getTable() == null) {
                String name = ((Column) g).getUnquotedColumnName();
                for (int i = 0; i < b.names.size(); i++) {
                    if (b.names.get(i).equalsIgnoreCase(name) && !(b.projections.get(i) instanceof Exprs.AggregateResult)) {
                        return b.projections.get(i);
                    }
                }
            }
            throw e;
        }
    }

    /**
     * The result column an ORDER BY or GROUP BY term names by number, as SQLite reads it: an integer
     * literal that fits in 32 bits. A larger literal ({@code ORDER BY 9223372036854775808}) is a
     * constant expression, which orders nothing, as in SQLite.
     */
    private static Integer resultColumnNumber(Expression e) {
        if (!(e instanceof LongValue)) {
            return null;
        }
        try {
            return Integer.parseInt(((LongValue) e).getStringValue());
        } catch (NumberFormatException notAnInt) {
            return null;
        }
    }

    private static OrderTerm orderTerm(Builder b, ExprCompiler compiler, OrderByElement element) throws SQLException {
        Expression e = element.getExpression();
        boolean descending = !element.isAsc();
        Integer column = resultColumnNumber(e);
        if (column != null) {
            int k = column;
            if (k < 1 || k > b.projections.size()) {
                throw SqlErrors.syntax("ORDER BY term out of range - should be between 1 and " + b.projections.size());
            }
            return new OrderTerm((int) k - 1, null, descending);
        }
        if (e instanceof Column && ((Column) e).getTable() == null) {
            String name = ((Column) e).getUnquotedColumnName();
            for (int i = 0; i < b.names.size(); i++) {
                if (b.names.get(i).equalsIgnoreCase(name)) {
                    return new OrderTerm(i, null, descending);
                }
            }
        }
        return new OrderTerm(-1, compiler.compile(e), descending);
    }

    // ---- execution ----

    /** Collects output rows with their sort keys. */
    private final class Output {
        final List<Object[]> rows = new ArrayList<>();
        final List<Object[]> keys = new ArrayList<>();
        final long stopAfter;
        boolean done;

        Output(long stopAfter) {
            this.stopAfter = stopAfter;
        }

        void emit(Object[] source, Object[] params) {
            Object[] out = new Object[projections.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = projections.get(i).eval(source, params);
            }
            Object[] key = new Object[order.size()];
            for (int i = 0; i < key.length; i++) {
                OrderTerm t = order.get(i);
                key[i] = t.expr() == null ? out[t.outputColumn()] : t.expr().eval(source, params);
            }
            rows.add(out);
            keys.add(key);
            if (rows.size() >= stopAfter) {
                done = true;
            }
        }
    }

    private final class Group {
        Object[] last;
        final Aggregate.Accumulator[] accumulators = new Aggregate.Accumulator[aggregates.size()];

        Group() {
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i] = aggregates.get(i).start();
            }
        }
    }

    private static final Comparator<Object[]> LEXICOGRAPHIC = (a, b) -> {
        for (int i = 0; i < a.length; i++) {
            int c = SqlValues.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    @Override
    public Result run(ExecContext context) throws IOException, SQLException {
        Object[] params = context.params();
        long limitValue = limitOf(limit, params, -1);
        long offsetValue = Math.max(0, limitOf(offset, params, 0));
        boolean early = !aggregate && !distinct && order.isEmpty() && limitValue >= 0;
        Output output = new Output(early ? offsetValue + limitValue : Long.MAX_VALUE);
        if (early && limitValue == 0) {
            return Result.query(names, declaredTypes, List.of());
        }
        Groups<Group> groups = aggregate ? new Groups<>(LEXICOGRAPHIC) : null;
        boolean constantsHold = true;
        for (Expr f : constantFilters) {
            if (!Boolean.TRUE.equals(SqlValues.truth(f.eval(new Object[scope.width()], params)))) {
                constantsHold = false;
            }
        }
        if (constantsHold) {
            Object[] row = new Object[scope.width()];
            join(context, 0, row, params, output, groups);
        }
        if (aggregate) {
            if (groups.isEmpty() && groupBy.isEmpty()) {
                groups.putEmpty(new Group());
            }
            for (Group g : groups.inKeyOrder()) {
                Object[] extended = Arrays.copyOf(g.last == null ? new Object[scope.width()] : g.last,
                        scope.width() + aggregates.size());
                for (int i = 0; i < aggregates.size(); i++) {
                    extended[scope.width() + i] = g.accumulators[i].result();
                }
                if (having != null && !Boolean.TRUE.equals(SqlValues.truth(having.eval(extended, params)))) {
                    continue;
                }
                output.emit(extended, params);
            }
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < output.rows.size(); i++) {
            positions.add(i);
        }
        if (distinct) {
            TreeSet<Object[]> seen = new TreeSet<>(LEXICOGRAPHIC);
            positions.removeIf(i -> !seen.add(output.rows.get(i)));
        }
        if (!order.isEmpty()) {
            positions.sort((x, y) -> {
                Object[] a = output.keys.get(x);
                Object[] c = output.keys.get(y);
                for (int i = 0; i < a.length; i++) {
                    int r = SqlValues.compare(a[i], c[i]);
                    if (r != 0) {
                        return order.get(i).descending() ? -r : r;
                    }
                }
                return 0;
            });
        }
        List<Object[]> rows = new ArrayList<>();
        long end = limitValue < 0 ? Long.MAX_VALUE : offsetValue + limitValue;
        for (int i = 0; i < positions.size(); i++) {
            if (i >= offsetValue && i < end) {
                rows.add(output.rows.get(positions.get(i)));
            }
        }
        return Result.query(names, declaredTypes, rows);
    }

    private static long limitOf(Expr e, Object[] params, long absent) throws SQLException {
        if (e == null) {
            return absent;
        }
        Object v = dev.crashbench.engine.sql.Affinity.NUMERIC.apply(e.eval(null, params));
        if (!(v instanceof Long)) {
            throw SqlErrors.mismatch("LIMIT and OFFSET take integers, not " + SqlValues.literal(v));
        }
        return (Long) v;
    }

    private void join(ExecContext context, int k, Object[] row, Object[] params, Output output,
                      Groups<Group> groups) throws IOException, SQLException {
        if (k == steps.size()) {
            if (groups == null) {
                output.emit(row, params);
                return;
            }
            Object[] key = context.scratch(ExecContext.Scratch.GROUP_KEY, groupBy.size());
            for (int i = 0; i < key.length; i++) {
                key[i] = groupBy.get(i).eval(row, params);
            }
            Group g = groups.find(key);
            if (g == null) {
                g = groups.add(key, new Group());
            }
            for (Aggregate.Accumulator a : g.accumulators) {
                a.add(row, params);
            }
            if (g.last == null) {
                g.last = row.clone();
            } else {
                System.arraycopy(row, 0, g.last, 0, row.length); // a copy per group, not per row
            }
            return;
        }
        Step step = steps.get(k);
        Scope.Source source = step.source;
        int offset = source.offset();
        int columns = source.table().columnCount();
        boolean[] matched = {false};
        step.access.rows(context, source.table(), row, (rowId, values) -> {
            System.arraycopy(values, 0, row, offset, columns);
            row[offset + columns] = rowId;
            for (Expr m : step.match) {
                if (!Boolean.TRUE.equals(SqlValues.truth(m.eval(row, params)))) {
                    return true;
                }
            }
            matched[0] = true;
            if (passes(step.filters, row, params)) {
                join(context, k + 1, row, params, output, groups);
            }
            return !output.done;
        });
        if (step.left && !matched[0] && !output.done) {
            Arrays.fill(row, offset, offset + columns + 1, null);
            if (passes(step.filters, row, params)) {
                join(context, k + 1, row, params, output, groups);
            }
        }
        Arrays.fill(row, offset, offset + columns + 1, null);
    }

    private static boolean passes(List<Expr> filters, Object[] row, Object[] params) {
        for (Expr f : filters) {
            if (!Boolean.TRUE.equals(SqlValues.truth(f.eval(row, params)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> explain() {
        List<String> lines = new ArrayList<>();
        for (Step step : steps) {
            String line = (step.left ? "LEFT JOIN " : "") + step.access.describe(step.source.label());
            lines.add(line);
        }
        if (steps.isEmpty()) {
            lines.add("CONSTANT ROW");
        }
        if (aggregate) {
            lines.add(groupBy.isEmpty() ? "AGGREGATE" : "GROUP BY (ordered map)");
        }
        if (distinct) {
            lines.add("DISTINCT (ordered set)");
        }
        if (!order.isEmpty()) {
            lines.add("ORDER BY (sort)");
        }
        if (limit != null || offset != null) {
            lines.add("LIMIT/OFFSET");
        }
        return lines;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
