package dev.crashbench.recovery.oracle;

/**
 * A broken rule: which one, what the oracle expected (the range of commit states it would have
 * accepted, or the state it had to see again), and what it found.
 *
 * @param rule     the rule that broke
 * @param expected what was expected, e.g. "the state after commits 7..8 (7 acknowledged, 1 in flight)"
 * @param found    what was found, e.g. "{1=12B#a3f0, 4=900B#77c1}, which is no commit state"
 */
public record Violation(Rule rule, String expected, String found) {

    public Violation {
        if (rule == null || expected == null || found == null) {
            throw new IllegalArgumentException("a violation needs a rule, an expectation and a finding");
        }
    }

    /** One line: {@code PREFIX: expected ...; found ...}. */
    public String describe() {
        return rule + " (" + rule.statement() + "): expected " + expected + "; found " + found;
    }
}
