package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.expr.Exprs;
import dev.crashbench.engine.sql.schema.IndexDef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * One AND-term of a WHERE or ON clause, compiled, with the sources it reads; for a comparison,
 * also each side compiled on its own, so the planner can tell "column of S = something already
 * bound" and turn it into an access path.
 */
final class Conjunct {
    final Expr expr;
    final BitSet sources;
    final Exprs.CompareOp op;
    final Expr left;
    final BitSet leftSources;
    final Expr right;
    final BitSet rightSources;

    private Conjunct(Expr expr, BitSet sources, Exprs.CompareOp op, Expr left, BitSet leftSources, Expr right,
                     BitSet rightSources) {
        this.expr = expr;
        this.sources = sources;
        this.op = op;
        this.left = left;
        this.leftSources = leftSources;
        this.right = right;
        this.rightSources = rightSources;
    }

    /** Splits {@code e} at its top-level ANDs and compiles each term. */
    static List<Conjunct> split(Expression e, ExprCompiler compiler) throws SQLException {
        List<Expression> terms = new ArrayList<>();
        flatten(e == null ? null : ExprCompiler.normalize(e), terms);
        List<Conjunct> result = new ArrayList<>();
        for (Expression term : terms) {
            compiler.takeReferences();
            Expr expr = compiler.compile(term);
            BitSet sources = compiler.takeReferences();
            Exprs.CompareOp op = comparison(term);
            if (op == null) {
                result.add(new Conjunct(expr, sources, null, null, null, null, null));
                continue;
            }
            BinaryExpression b = (BinaryExpression) term;
            Expr left = compiler.compile(b.getLeftExpression());
            BitSet leftSources = compiler.takeReferences();
            Expr right = compiler.compile(b.getRightExpression());
            BitSet rightSources = compiler.takeReferences();
            result.add(new Conjunct(expr, sources, op, left, leftSources, right, rightSources));
        }
        return result;
    }

    private static void flatten(Expression e, List<Expression> out) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression) {
            flatten(((AndExpression) e).getLeftExpression(), out);
            flatten(((AndExpression) e).getRightExpression(), out);
        } else if (e instanceof ParenthesedExpressionList && ((ParenthesedExpressionList<?>) e).size() == 1
                && ((ParenthesedExpressionList<?>) e).get(0) instanceof AndExpression) {
            flatten((Expression) ((ParenthesedExpressionList<?>) e).get(0), out);
        } else {
            out.add(e);
        }
    }

    private static Exprs.CompareOp comparison(Expression e) {
        if (e instanceof EqualsTo) {
            return Exprs.CompareOp.EQ;
        }
        if (e instanceof MinorThan) {
            return Exprs.CompareOp.LT;
        }
        if (e instanceof MinorThanEquals) {
            return Exprs.CompareOp.LE;
        }
        if (e instanceof GreaterThan) {
            return Exprs.CompareOp.GT;
        }
        if (e instanceof GreaterThanEquals) {
            return Exprs.CompareOp.GE;
        }
        return null;
    }

    /**
     * When this is "column-of-source-with-slot {@code slot} OP other" (either way round) and the other
     * side reads only sources in {@code bound}, the other side and the operator as seen from the
     * column; else null.
     */
    Probe probeFor(int slot, BitSet bound) {
        if (op == null) {
            return null;
        }
        if (isSlot(left, slot) && within(rightSources, bound)) {
            return new Probe(op, right, (Exprs.Column) left);
        }
        if (isSlot(right, slot) && within(leftSources, bound)) {
            return new Probe(op.flip(), left, (Exprs.Column) right);
        }
        return null;
    }

    record Probe(Exprs.CompareOp op, Expr other, Exprs.Column column) {
        /**
         * Whether the comparison keeps the column's own values (the affinity rule converts the
         * other side only), so an index or key ordered by those values can answer it.
         */
        boolean columnUnconverted() {
            return SqlValues.conversionFor(column.affinity(), other.affinity()) == null;
        }

        Affinity otherConversion() {
            return SqlValues.conversionFor(other.affinity(), column.affinity());
        }

        String text() {
            return column.describe() + op.symbol() + other.describe();
        }
    }

    private static boolean isSlot(Expr e, int slot) {
        return e instanceof Exprs.Column && ((Exprs.Column) e).slot() == slot;
    }

    static boolean within(BitSet sources, BitSet bound) {
        BitSet rest = (BitSet) sources.clone();
        rest.andNot(bound);
        return rest.isEmpty();
    }

    /** The access path for {@code source} from these conjuncts given bound sources, best first. */
    static Access choose(Scope.Source source, List<IndexDef> indexes, List<Conjunct> usable, BitSet bound,
                         boolean allowRange, boolean allowHash) {
        int keySlot = source.table().primaryKey() >= 0 ? source.offset() + source.table().primaryKey() : -1;
        int[] keySlots = keySlot >= 0 ? new int[] {keySlot, source.rowIdSlot()} : new int[] {source.rowIdSlot()};
        for (int slot : keySlots) {
            for (Conjunct c : usable) {
                Probe p = c.probeFor(slot, bound);
                if (p != null && p.op() == Exprs.CompareOp.EQ) {
                    return new Access.KeyEquals(p.other(), !p.other().affinity().isNumeric(), p.text());
                }
            }
        }
        Access best = null;
        int bestColumns = 0;
        for (IndexDef index : indexes) {
            List<Expr> probes = new ArrayList<>();
            List<Affinity> conversions = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < index.columnCount(); i++) {
                int slot = source.offset() + index.column(i);
                Probe found = null;
                for (Conjunct c : usable) {
                    Probe p = c.probeFor(slot, bound);
                    if (p != null && p.op() == Exprs.CompareOp.EQ && p.columnUnconverted()) {
                        found = p;
                        break;
                    }
                }
                if (found == null) {
                    break;
                }
                probes.add(found.other());
                conversions.add(found.otherConversion());
                text.append(text.length() > 0 ? " AND " : "").append(found.text());
            }
            if (probes.isEmpty()) {
                continue;
            }
            Access.IndexEquals candidate = new Access.IndexEquals(index, probes, conversions, text.toString());
            if (best == null || candidate.rank() < best.rank()
                    || candidate.rank() == best.rank() && probes.size() > bestColumns) {
                best = candidate;
                bestColumns = probes.size();
            }
        }
        if (best != null) {
            return best;
        }
        if (allowRange) {
            List<Access.KeyRange.Bound> bounds = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int slot : keySlots) {
                for (Conjunct c : usable) {
                    Probe p = c.probeFor(slot, bound);
                    if (p == null || p.op() == Exprs.CompareOp.EQ || p.op() == Exprs.CompareOp.NE
                            || !p.other().isRowIndependent()) {
                        continue;
                    }
                    boolean lower = p.op() == Exprs.CompareOp.GT || p.op() == Exprs.CompareOp.GE;
                    boolean inclusive = p.op() == Exprs.CompareOp.GE || p.op() == Exprs.CompareOp.LE;
                    bounds.add(new Access.KeyRange.Bound(p.other(), lower, inclusive));
                    text.append(text.length() > 0 ? " AND " : "").append(p.text());
                }
            }
            if (!bounds.isEmpty()) {
                return new Access.KeyRange(bounds, text.toString());
            }
        }
        if (allowHash) {
            BitSet self = new BitSet();
            self.set(source.index());
            for (Conjunct c : usable) {
                if (c.op != Exprs.CompareOp.EQ) {
                    continue;
                }
                if (c.leftSources.equals(self) && !c.rightSources.isEmpty() && within(c.rightSources, bound)) {
                    return hash(c.left, c.right, source, c);
                }
                if (c.rightSources.equals(self) && !c.leftSources.isEmpty() && within(c.leftSources, bound)) {
                    return hash(c.right, c.left, source, c);
                }
            }
        }
        return new Access.Scan();
    }

    private static Access hash(Expr inner, Expr outer, Scope.Source source, Conjunct c) {
        return new Access.HashJoin(inner, SqlValues.conversionFor(inner.affinity(), outer.affinity()), outer,
                SqlValues.conversionFor(outer.affinity(), inner.affinity()), source.offset(), c.expr.describe());
    }
}
