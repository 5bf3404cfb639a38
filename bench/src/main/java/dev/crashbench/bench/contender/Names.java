package dev.crashbench.bench.contender;

import java.util.regex.Pattern;

/** Contender names end up in file names and table cells: letters, digits and a few marks. */
final class Names {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+=,\\-\\[\\]]*");

    private Names() {
    }

    static void check(String name) {
        if (name == null || !ALLOWED.matcher(name).matches() || name.length() > 120) {
            throw new IllegalArgumentException("a configuration name is letters, digits and . _ + = , - [ ], "
                    + "starting with a letter or digit, at most 120 characters; not '" + name + "'");
        }
    }
}
