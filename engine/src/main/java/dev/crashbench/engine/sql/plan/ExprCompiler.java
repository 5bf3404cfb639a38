package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.expr.Exprs;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * Compiles JSqlParser expressions into {@link Expr} trees over a {@link Scope}: resolves column
 * names (qualified or not, {@code rowid} too), numbers parameters, records which sources each
 * expression reads, and, when given an aggregate list, turns aggregate calls into references to
 * their results.
 */
final class ExprCompiler {
    private final Scope scope;
    private final Parameters parameters;
    private final List<Aggregate> aggregates;
    private BitSet references = new BitSet();
    private boolean insideAggregate;
    private java.util.Map<String, Expr> aliases = java.util.Map.of();

    /** Counts the parameters of a statement. */
    static final class Parameters {
        private int count;

        int count() {
            return count;
        }

        void saw(int oneBased) {
            count = Math.max(count, oneBased);
        }
    }

    ExprCompiler(Scope scope, Parameters parameters, List<Aggregate> aggregates) {
        this.scope = scope;
        this.parameters = parameters;
        this.aggregates = aggregates;
    }

    /**
     * Result column aliases that bare names may refer to when no source column has the name, as
     * SQLite allows in HAVING, GROUP BY and ORDER BY (keys lower-cased).
     */
    void setAliases(java.util.Map<String, Expr> aliases) {
        this.aliases = aliases;
    }

    /** Sources read by the expressions compiled since the last call. */
    BitSet takeReferences() {
        BitSet r = references;
        references = new BitSet();
        return r;
    }

    Expr compile(Expression e) throws SQLException {
        if (e instanceof LongValue) {
            String text = ((LongValue) e).getStringValue();
            try {
                return new Exprs.Const(Long.parseLong(text));
            } catch (NumberFormatException tooLarge) {
                return new Exprs.Const(new BigInteger(text).doubleValue());
            }
        }
        if (e instanceof DoubleValue) {
            return new Exprs.Const(SqlValues.real(((DoubleValue) e).getValue()));
        }
        if (e instanceof StringValue) {
            StringValue s = (StringValue) e;
            if (s.getPrefix() != null && !s.getPrefix().isEmpty()) {
                throw SqlErrors.unsupported("string prefix " + s.getPrefix());
            }
            return new Exprs.Const(s.getValue().replace("''", "'"));
        }
        if (e instanceof HexValue) {
            return new Exprs.Const(hex((HexValue) e));
        }
        if (e instanceof NullValue) {
            return new Exprs.Const(null);
        }
        if (e instanceof BooleanValue) {
            return new Exprs.Const(((BooleanValue) e).getValue() ? 1L : 0L);
        }
        if (e instanceof JdbcParameter) {
            Integer index = ((JdbcParameter) e).getIndex();
            if (index == null || index < 1) {
                throw SqlErrors.syntax("bad parameter " + e);
            }
            parameters.saw(index);
            return new Exprs.Param(index - 1);
        }
        if (e instanceof Column) {
            return column((Column) e);
        }
        if (e instanceof ParenthesedExpressionList) {
            ParenthesedExpressionList<?> list = (ParenthesedExpressionList<?>) e;
            if (list.size() != 1) {
                throw SqlErrors.unsupported("row value " + e);
            }
            return compile((Expression) list.get(0));
        }
        if (e instanceof SignedExpression) {
            SignedExpression s = (SignedExpression) e;
            Expr operand = compile(s.getExpression());
            if (s.getSign() == '-') {
                if (operand instanceof Exprs.Const) {
                    return new Exprs.Const(SqlValues.negate(((Exprs.Const) operand).value()));
                }
                return new Exprs.Negate(operand);
            }
            if (s.getSign() == '+') {
                return new Exprs.Plus(operand);
            }
            throw SqlErrors.unsupported("operator " + s.getSign());
        }
        if (e instanceof Addition) {
            return arithmetic(Exprs.ArithmeticOp.ADD, (Addition) e);
        }
        if (e instanceof Subtraction) {
            return arithmetic(Exprs.ArithmeticOp.SUBTRACT, (Subtraction) e);
        }
        if (e instanceof Multiplication) {
            return arithmetic(Exprs.ArithmeticOp.MULTIPLY, (Multiplication) e);
        }
        if (e instanceof Division) {
            return arithmetic(Exprs.ArithmeticOp.DIVIDE, (Division) e);
        }
        if (e instanceof Modulo) {
            return arithmetic(Exprs.ArithmeticOp.REMAINDER, (Modulo) e);
        }
        if (e instanceof Concat) {
            return arithmetic(Exprs.ArithmeticOp.CONCAT, (Concat) e);
        }
        if (e instanceof EqualsTo) {
            return compare(Exprs.CompareOp.EQ, (EqualsTo) e);
        }
        if (e instanceof NotEqualsTo) {
            return compare(Exprs.CompareOp.NE, (NotEqualsTo) e);
        }
        if (e instanceof MinorThan) {
            return compare(Exprs.CompareOp.LT, (MinorThan) e);
        }
        if (e instanceof MinorThanEquals) {
            return compare(Exprs.CompareOp.LE, (MinorThanEquals) e);
        }
        if (e instanceof GreaterThan) {
            return compare(Exprs.CompareOp.GT, (GreaterThan) e);
        }
        if (e instanceof GreaterThanEquals) {
            return compare(Exprs.CompareOp.GE, (GreaterThanEquals) e);
        }
        if (e instanceof AndExpression || e instanceof OrExpression) {
            return compileChain(normalize(e));
        }
        if (e instanceof NotExpression) {
            return new Exprs.Not(compile(((NotExpression) e).getExpression()));
        }
        if (e instanceof IsNullExpression) {
            IsNullExpression n = (IsNullExpression) e;
            return new Exprs.IsNull(compile(n.getLeftExpression()), n.isNot());
        }
        if (e instanceof Between) {
            Between b = (Between) e;
            Expr operand = compile(b.getLeftExpression());
            Expr range = new Exprs.And(
                    new Exprs.Compare(Exprs.CompareOp.GE, operand, compile(b.getBetweenExpressionStart())),
                    new Exprs.Compare(Exprs.CompareOp.LE, operand, compile(b.getBetweenExpressionEnd())));
            return b.isNot() ? new Exprs.Not(range) : range;
        }
        if (misparsedIn(e)) {
            return compileChain(normalize(e));
        }
        if (e instanceof InExpression) {
            InExpression in = (InExpression) e;
            if (!(in.getRightExpression() instanceof ExpressionList)) {
                throw SqlErrors.unsupported("IN with a subquery");
            }
            Expr operand = compile(in.getLeftExpression());
            List<Expr> items = new ArrayList<>();
            for (Object item : (ExpressionList<?>) in.getRightExpression()) {
                items.add(compile((Expression) item));
            }
            return new Exprs.InList(operand, items, in.isNot());
        }
        if (e instanceof LikeExpression) {
            LikeExpression like = (LikeExpression) e;
            if (like.getEscape() != null || like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
                throw SqlErrors.unsupported(like.getLikeKeyWord() + (like.getEscape() != null ? " ... ESCAPE" : ""));
            }
            return new Exprs.Like(compile(like.getLeftExpression()), compile(like.getRightExpression()), like.isNot());
        }
        if (e instanceof Function) {
            return function((Function) e);
        }
        throw SqlErrors.unsupported("expression " + e + " (" + e.getClass().getSimpleName() + ")");
    }

    /**
     * JSqlParser 5.3 reads {@code x IN (1, 2) AND y OR z} as {@code x IN ((1, 2) AND y OR z)}: the
     * list swallows the rest of the condition. {@link #normalize} undoes that for a whole AND/OR
     * chain: it flattens the chain into operands and operators (a swallowed IN gives back its
     * tail, a NOT before it applies to the IN alone), then rebuilds it by precedence, AND before
     * OR, left to right. A chain JSqlParser read correctly comes back unchanged; parenthesized
     * groups are operands, normalized when they are compiled.
     */
    static Expression normalize(Expression e) {
        if (!(e instanceof AndExpression || e instanceof OrExpression || misparsedIn(e))) {
            return e;
        }
        List<Object> chain = new ArrayList<>();
        flattenChain(e, chain);
        List<Expression> disjuncts = new ArrayList<>();
        Expression conjunction = (Expression) chain.get(0);
        for (int i = 1; i < chain.size(); i += 2) {
            Expression next = (Expression) chain.get(i + 1);
            if (chain.get(i) == AND) {
                conjunction = new AndExpression(conjunction, next);
            } else {
                disjuncts.add(conjunction);
                conjunction = next;
            }
        }
        disjuncts.add(conjunction);
        Expression result = disjuncts.get(0);
        for (int i = 1; i < disjuncts.size(); i++) {
            result = new OrExpression(result, disjuncts.get(i));
        }
        return result;
    }

    private static final Object AND = "AND";
    private static final Object OR = "OR";

    static boolean misparsedIn(Expression e) {
        if (e instanceof NotExpression) {
            return misparsedIn(((NotExpression) e).getExpression());
        }
        return e instanceof InExpression && (((InExpression) e).getRightExpression() instanceof AndExpression
                || ((InExpression) e).getRightExpression() instanceof OrExpression);
    }

    private static void flattenChain(Expression e, List<Object> out) {
        if (e instanceof AndExpression || e instanceof OrExpression) {
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            flattenChain(b.getLeftExpression(), out);
            out.add(e instanceof AndExpression ? AND : OR);
            flattenChain(b.getRightExpression(), out);
        } else if (e instanceof NotExpression && misparsedIn(e)) {
            int first = out.size();
            flattenChain(((NotExpression) e).getExpression(), out);
            out.set(first, new NotExpression((Expression) out.get(first)));
        } else if (misparsedIn(e)) {
            InExpression in = (InExpression) e;
            int first = out.size();
            flattenChain(in.getRightExpression(), out);
            InExpression fixed = new InExpression(in.getLeftExpression(), (Expression) out.get(first));
            fixed.setNot(in.isNot());
            out.set(first, fixed);
        } else {
            out.add(e);
        }
    }

    /** Compiles a normalized chain: its AND/OR nodes as they are, other nodes through {@link #compile}. */
    private Expr compileChain(Expression e) throws SQLException {
        if (e instanceof AndExpression) {
            AndExpression a = (AndExpression) e;
            return new Exprs.And(compileChain(a.getLeftExpression()), compileChain(a.getRightExpression()));
        }
        if (e instanceof OrExpression) {
            OrExpression o = (OrExpression) e;
            return new Exprs.Or(compileChain(o.getLeftExpression()), compileChain(o.getRightExpression()));
        }
        return compile(e);
    }

    private Expr arithmetic(Exprs.ArithmeticOp op, net.sf.jsqlparser.expression.BinaryExpression e) throws SQLException {
        return new Exprs.Arithmetic(op, compile(e.getLeftExpression()), compile(e.getRightExpression()));
    }

    private Expr compare(Exprs.CompareOp op, net.sf.jsqlparser.expression.BinaryExpression e) throws SQLException {
        return new Exprs.Compare(op, compile(e.getLeftExpression()), compile(e.getRightExpression()));
    }

    private static byte[] hex(HexValue h) throws SQLException {
        String value = h.getValue().trim();
        if (!(value.startsWith("x'") || value.startsWith("X'")) || !value.endsWith("'") || value.length() < 3) {
            throw SqlErrors.unsupported("hexadecimal integer literal " + value);
        }
        String digits = value.substring(2, value.length() - 1);
        if (digits.length() % 2 != 0) {
            throw SqlErrors.syntax("malformed blob literal " + value + ": an odd number of hex digits");
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(digits.charAt(2 * i), 16);
            int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw SqlErrors.syntax("malformed blob literal " + value);
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private Expr column(Column c) throws SQLException {
        String name = c.getUnquotedColumnName();
        String table = c.getTable() == null || c.getTable().getName() == null ? null : c.getTable().getUnquotedName();
        if (table != null) {
            Scope.Source source = scope.byName(table);
            if (source == null) {
                throw SqlErrors.noSuchColumn(table + "." + name);
            }
            Expr resolved = resolve(source, name);
            if (resolved == null) {
                throw SqlErrors.noSuchColumn(table + "." + name);
            }
            return resolved;
        }
        Expr found = null;
        for (Scope.Source source : scope.sources()) {
            Expr resolved = resolve(source, name);
            if (resolved != null) {
                if (found != null) {
                    throw SqlErrors.ambiguousColumn(name);
                }
                found = resolved;
            }
        }
        if (found == null) {
            Expr aliased = aliases.get(name.toLowerCase(Locale.ROOT));
            if (aliased != null && !insideAggregate) {
                return aliased;
            }
            throw SqlErrors.noSuchColumn(name);
        }
        return found;
    }

    private Expr resolve(Scope.Source source, String name) {
        int i = source.table().columnIndex(name);
        String label = source.alias() + "." + name;
        if (i >= 0) {
            references.set(source.index());
            scope.markRead(source.offset() + i);
            return new Exprs.Column(source.offset() + i, source.table().column(i).affinity(), label);
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("rowid") || n.equals("oid") || n.equals("_rowid_")) {
            references.set(source.index());
            scope.markRead(source.rowIdSlot());
            return new Exprs.Column(source.rowIdSlot(), Affinity.INTEGER, label);
        }
        return null;
    }

    private Expr function(Function f) throws SQLException {
        String name = f.getName().toLowerCase(Locale.ROOT);
        ExpressionList<?> params = f.getParameters();
        int arity = params == null ? 0 : params.size();
        boolean star = f.isAllColumns() || params != null && arity == 1 && params.get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns;
        Aggregate.Kind kind = aggregateKind(name, arity, star);
        if (kind != null) {
            if (aggregates == null) {
                throw SqlErrors.aggregateMisuse("misuse of aggregate function " + f);
            }
            if (insideAggregate) {
                throw SqlErrors.aggregateMisuse("aggregate inside an aggregate: " + f);
            }
            Expr argument = null;
            if (kind != Aggregate.Kind.COUNT_STAR) {
                insideAggregate = true;
                try {
                    argument = compile((Expression) params.get(0));
                } finally {
                    insideAggregate = false;
                }
            }
            aggregates.add(new Aggregate(kind, argument, f.isDistinct(), f.toString()));
            return new Exprs.AggregateResult(scope.width() + aggregates.size() - 1, f.toString());
        }
        if (f.isDistinct() || star) {
            throw SqlErrors.syntax("DISTINCT or * in a call of " + name);
        }
        String problem = Exprs.Function.check(name, arity);
        if (problem != null) {
            throw problem.startsWith("no such function") ? SqlErrors.unsupported("function " + name)
                    : SqlErrors.syntax("wrong number of arguments: " + problem);
        }
        List<Expr> args = new ArrayList<>();
        for (Object p : params) {
            args.add(compile((Expression) p));
        }
        return new Exprs.Function(name, args);
    }

    private static Aggregate.Kind aggregateKind(String name, int arity, boolean star) {
        switch (name) {
            case "count":
                return star || arity == 0 ? Aggregate.Kind.COUNT_STAR : arity == 1 ? Aggregate.Kind.COUNT : null;
            case "sum":
                return arity == 1 ? Aggregate.Kind.SUM : null;
            case "total":
                return arity == 1 ? Aggregate.Kind.TOTAL : null;
            case "avg":
                return arity == 1 ? Aggregate.Kind.AVG : null;
            case "min":
                return arity == 1 ? Aggregate.Kind.MIN : null;
            case "max":
                return arity == 1 ? Aggregate.Kind.MAX : null;
            default:
                return null;
        }
    }
}
