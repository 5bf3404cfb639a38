package dev.crashbench.recovery.explore;

import java.util.Locale;

/** The explorer's tiers (see {@link ExhaustiveExplorer}, {@link RandomExplorer}, {@link CompoundExplorer}). */
public enum Tier {
    EXHAUSTIVE, RANDOM, COMPOUND;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
