package dev.crashbench.engine.sql;

/**
 * Reading numbers from text as SQLite does: {@link #wellFormed} for affinity (the whole text,
 * surrounding spaces allowed, must be a number) and {@link #prefix} for arithmetic (the longest
 * numeric prefix, 0 when there is none). An integer too large for int64 is read as a REAL.
 */
final class NumberText {
    private NumberText() {
    }

    /** The number the whole text spells, or null. */
    static Object wellFormed(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        int consumed = scan(text, start, end);
        if (consumed < 0 || consumed != end) {
            return null;
        }
        return value(text.substring(start, end));
    }

    /** The number the longest prefix spells; 0 when there is none. */
    static Object prefix(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        int consumed = scan(text, start, end);
        if (consumed < 0) {
            return 0L;
        }
        return value(text.substring(start, consumed));
    }

    /** End of the longest number starting at {@code start}: [sign] digits [. digits] [e [sign] digits]; -1 when none. */
    private static int scan(String s, int start, int end) {
        int i = start;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            int j = i + 1;
            int fraction = 0;
            while (j < end && isDigit(s.charAt(j))) {
                j++;
                fraction++;
            }
            if (digits + fraction > 0) {
                i = j;
                digits += fraction;
            }
        }
        if (digits == 0) {
            return -1;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < end && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int exponent = 0;
            while (j < end && isDigit(s.charAt(j))) {
                j++;
                exponent++;
            }
            if (exponent > 0) {
                i = j;
            }
        }
        return i;
    }

    private static Object value(String number) {
        boolean integer = number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
        if (integer) {
            try {
                return Long.parseLong(number.startsWith("+") ? number.substring(1) : number);
            } catch (NumberFormatException tooLarge) {
                // falls through to REAL
            }
        }
        String s = number.startsWith(".") || number.startsWith("-.") || number.startsWith("+.")
                ? number.replaceFirst("\\.", "0.") : number;
        if (s.endsWith(".")) {
            s = s + "0";
        }
        return SqlValues.real(Double.parseDouble(s));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
