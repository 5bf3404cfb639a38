package dev.crashbench.engine.sql.expr;

import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.SqlValues;
import java.util.List;
import java.util.Locale;

/** The scalar expression nodes. */
public final class Exprs {
    private Exprs() {
    }

    /** A literal. */
    public static final class Const implements Expr {
        private final Object value;

        public Const(Object value) {
            this.value = value;
        }

        public Object value() {
            return value;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return value;
        }

        @Override
        public String describe() {
            return SqlValues.literal(value);
        }

        @Override
        public boolean isRowIndependent() {
            return true;
        }
    }

    /** Parameter {@code index} (0-based) of the statement. */
    public static final class Param implements Expr {
        private final int index;

        public Param(int index) {
            this.index = index;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return params[index];
        }

        @Override
        public String describe() {
            return "?" + (index + 1);
        }

        @Override
        public boolean isRowIndependent() {
            return true;
        }
    }

    /** A column of a source in scope, at {@code slot} of the row. */
    public static final class Column implements Expr {
        private final int slot;
        private final Affinity affinity;
        private final String name;

        public Column(int slot, Affinity affinity, String name) {
            this.slot = slot;
            this.affinity = affinity;
            this.name = name;
        }

        public int slot() {
            return slot;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return row[slot];
        }

        @Override
        public Affinity affinity() {
            return affinity;
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** The result of aggregate {@code index}, stored after the group's representative row. */
    public static final class AggregateResult implements Expr {
        private final int slot;
        private final String text;

        public AggregateResult(int slot, String text) {
            this.slot = slot;
            this.text = text;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return row[slot];
        }

        @Override
        public String describe() {
            return text;
        }
    }

    public enum ArithmeticOp {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%"), CONCAT("||");

        final String symbol;

        ArithmeticOp(String symbol) {
            this.symbol = symbol;
        }
    }

    public static final class Arithmetic implements Expr {
        private final ArithmeticOp op;
        private final Expr left;
        private final Expr right;

        public Arithmetic(ArithmeticOp op, Expr left, Expr right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Object a = left.eval(row, params);
            Object b = right.eval(row, params);
            switch (op) {
                case ADD:
                    return SqlValues.add(a, b);
                case SUBTRACT:
                    return SqlValues.subtract(a, b);
                case MULTIPLY:
                    return SqlValues.multiply(a, b);
                case DIVIDE:
                    return SqlValues.divide(a, b);
                case REMAINDER:
                    return SqlValues.remainder(a, b);
                default:
                    return SqlValues.concat(a, b);
            }
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " " + op.symbol + " " + right.describe() + ")";
        }

        @Override
        public boolean isRowIndependent() {
            return left.isRowIndependent() && right.isRowIndependent();
        }
    }

    public static final class Negate implements Expr {
        private final Expr operand;

        public Negate(Expr operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return SqlValues.negate(operand.eval(row, params));
        }

        @Override
        public String describe() {
            return "-" + operand.describe();
        }

        @Override
        public boolean isRowIndependent() {
            return operand.isRowIndependent();
        }
    }

    /** Unary plus: the operand unchanged, but with no affinity (SQLite's way to switch affinity off). */
    public static final class Plus implements Expr {
        private final Expr operand;

        public Plus(Expr operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return operand.eval(row, params);
        }

        @Override
        public String describe() {
            return "+" + operand.describe();
        }

        @Override
        public boolean isRowIndependent() {
            return operand.isRowIndependent();
        }
    }

    public enum CompareOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean test(int c) {
            switch (this) {
                case EQ:
                    return c == 0;
                case NE:
                    return c != 0;
                case LT:
                    return c < 0;
                case LE:
                    return c <= 0;
                case GT:
                    return c > 0;
                default:
                    return c >= 0;
            }
        }

        /** The operator with its operands swapped: a < b is b > a. */
        public CompareOp flip() {
            switch (this) {
                case LT:
                    return GT;
                case LE:
                    return GE;
                case GT:
                    return LT;
                case GE:
                    return LE;
                default:
                    return this;
            }
        }
    }

    /** A comparison with SQLite's affinity conversions; NULL when either side is NULL. */
    public static final class Compare implements Expr {
        private final CompareOp op;
        private final Expr left;
        private final Expr right;

        public Compare(CompareOp op, Expr left, Expr right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        public CompareOp op() {
            return op;
        }

        public Expr left() {
            return left;
        }

        public Expr right() {
            return right;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Object a = left.eval(row, params);
            Object b = right.eval(row, params);
            if (a == null || b == null) {
                return null;
            }
            Affinity la = left.affinity();
            Affinity ra = right.affinity();
            return op.test(SqlValues.compare(SqlValues.comparisonOperand(a, la, ra), SqlValues.comparisonOperand(b, ra, la)))
                    ? 1L : 0L;
        }

        @Override
        public String describe() {
            return left.describe() + " " + op.symbol + " " + right.describe();
        }

        @Override
        public boolean isRowIndependent() {
            return left.isRowIndependent() && right.isRowIndependent();
        }
    }

    public static final class And implements Expr {
        private final Expr left;
        private final Expr right;

        public And(Expr left, Expr right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Boolean a = SqlValues.truth(left.eval(row, params));
            if (Boolean.FALSE.equals(a)) {
                return 0L;
            }
            Boolean b = SqlValues.truth(right.eval(row, params));
            if (Boolean.FALSE.equals(b)) {
                return 0L;
            }
            return a == null || b == null ? null : 1L;
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " AND " + right.describe() + ")";
        }
    }

    public static final class Or implements Expr {
        private final Expr left;
        private final Expr right;

        public Or(Expr left, Expr right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Boolean a = SqlValues.truth(left.eval(row, params));
            if (Boolean.TRUE.equals(a)) {
                return 1L;
            }
            Boolean b = SqlValues.truth(right.eval(row, params));
            if (Boolean.TRUE.equals(b)) {
                return 1L;
            }
            return a == null || b == null ? null : 0L;
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " OR " + right.describe() + ")";
        }
    }

    public static final class Not implements Expr {
        private final Expr operand;

        public Not(Expr operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Boolean a = SqlValues.truth(operand.eval(row, params));
            return a == null ? null : a ? 0L : 1L;
        }

        @Override
        public String describe() {
            return "NOT " + operand.describe();
        }
    }

    public static final class IsNull implements Expr {
        private final Expr operand;
        private final boolean negated;

        public IsNull(Expr operand, boolean negated) {
            this.operand = operand;
            this.negated = negated;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            return (operand.eval(row, params) == null) != negated ? 1L : 0L;
        }

        @Override
        public String describe() {
            return operand.describe() + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** {@code x IN (a, b, ...)}: the items have no affinity (SQLite compares x with +a, +b). */
    public static final class InList implements Expr {
        private final Expr operand;
        private final List<Expr> items;
        private final boolean negated;

        public InList(Expr operand, List<Expr> items, boolean negated) {
            this.operand = operand;
            this.items = List.copyOf(items);
            this.negated = negated;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Object x = operand.eval(row, params);
            if (items.isEmpty()) {
                return negated ? 1L : 0L;
            }
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Expr item : items) {
                Object v = item.eval(row, params);
                if (v == null) {
                    sawNull = true;
                    continue;
                }
                Object[] operands = SqlValues.comparisonOperands(x, operand.affinity(), v, Affinity.NONE);
                if (SqlValues.compare(operands[0], operands[1]) == 0) {
                    return negated ? 0L : 1L;
                }
            }
            if (sawNull) {
                return null;
            }
            return negated ? 1L : 0L;
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder(operand.describe()).append(negated ? " NOT IN (" : " IN (");
            for (int i = 0; i < items.size(); i++) {
                b.append(i > 0 ? ", " : "").append(items.get(i).describe());
            }
            return b.append(")").toString();
        }
    }

    /** {@code x LIKE pattern}: % and _ wildcards, ASCII letters compared case-insensitively, as SQLite does. */
    public static final class Like implements Expr {
        private final Expr operand;
        private final Expr pattern;
        private final boolean negated;

        public Like(Expr operand, Expr pattern, boolean negated) {
            this.operand = operand;
            this.pattern = pattern;
            this.negated = negated;
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            Object x = operand.eval(row, params);
            Object p = pattern.eval(row, params);
            if (x == null || p == null) {
                return null;
            }
            boolean match = like(SqlValues.toText(p), SqlValues.toText(x), 0, 0);
            return match != negated ? 1L : 0L;
        }

        private static boolean like(String p, String s, int pi, int si) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '%') {
                    while (pi < p.length() && p.charAt(pi) == '%') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (like(p, s, pi, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length()) {
                    return false;
                }
                if (c != '_' && fold(c) != fold(s.charAt(si))) {
                    return false;
                }
                pi++;
                si++;
            }
            return si == s.length();
        }

        private static char fold(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }

        @Override
        public String describe() {
            return operand.describe() + (negated ? " NOT LIKE " : " LIKE ") + pattern.describe();
        }
    }

    /** The scalar functions of the subset. */
    public static final class Function implements Expr {
        private final String name;
        private final List<Expr> args;

        public Function(String name, List<Expr> args) {
            this.name = name.toLowerCase(Locale.ROOT);
            this.args = List.copyOf(args);
        }

        /** Arity check at compile time; null when fine, else the message. */
        public static String check(String name, int arity) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "abs":
                case "length":
                case "lower":
                case "upper":
                case "typeof":
                    return arity == 1 ? null : name + " takes 1 argument";
                case "ifnull":
                case "nullif":
                    return arity == 2 ? null : name + " takes 2 arguments";
                case "coalesce":
                    return arity >= 2 ? null : name + " takes at least 2 arguments";
                case "min":
                case "max":
                    return arity >= 2 ? null : name + " with one argument is an aggregate";
                default:
                    return "no such function: " + name;
            }
        }

        @Override
        public Object eval(Object[] row, Object[] params) {
            switch (name) {
                case "abs": {
                    Object v = args.get(0).eval(row, params);
                    Object n = SqlValues.toNumber(v);
                    if (n == null) {
                        return null;
                    }
                    if (n instanceof Long) {
                        long l = (Long) n;
                        return l == Long.MIN_VALUE ? (Object) (-(double) l) : (Object) Math.abs(l);
                    }
                    return Math.abs((Double) n);
                }
                case "length": {
                    Object v = args.get(0).eval(row, params);
                    if (v == null) {
                        return null;
                    }
                    if (v instanceof byte[]) {
                        return (long) ((byte[]) v).length;
                    }
                    String s = SqlValues.toText(v);
                    return (long) s.codePointCount(0, s.length());
                }
                case "lower":
                case "upper": {
                    Object v = args.get(0).eval(row, params);
                    if (v == null) {
                        return null;
                    }
                    String s = SqlValues.toText(v);
                    StringBuilder b = new StringBuilder(s.length());
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (name.equals("lower") && c >= 'A' && c <= 'Z') {
                            c = (char) (c + 32);
                        } else if (name.equals("upper") && c >= 'a' && c <= 'z') {
                            c = (char) (c - 32);
                        }
                        b.append(c);
                    }
                    return b.toString();
                }
                case "typeof":
                    return SqlValues.typeName(args.get(0).eval(row, params));
                case "ifnull":
                case "coalesce":
                    for (Expr arg : args) {
                        Object v = arg.eval(row, params);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                case "nullif": {
                    Object a = args.get(0).eval(row, params);
                    Object b = args.get(1).eval(row, params);
                    return a != null && b != null && SqlValues.compare(a, b) == 0 ? null : a;
                }
                case "min":
                case "max": {
                    Object best = null;
                    for (int i = 0; i < args.size(); i++) {
                        Object v = args.get(i).eval(row, params);
                        if (v == null) {
                            return null;
                        }
                        int c = i == 0 ? 0 : SqlValues.compare(v, best);
                        if (i == 0 || (name.equals("min") ? c < 0 : c > 0)) {
                            best = v;
                        }
                    }
                    return best;
                }
                default:
                    throw new IllegalStateException("unchecked function " + name);
            }
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder(name).append("(");
            for (int i = 0; i < args.size(); i++) {
                b.append(i > 0 ? ", " : "").append(args.get(i).describe());
            }
            return b.append(")").toString();
        }

        @Override
        public boolean isRowIndependent() {
            for (Expr arg : args) {
                if (!arg.isRowIndependent()) {
                    return false;
                }
            }
            return true;
        }
    }
}
