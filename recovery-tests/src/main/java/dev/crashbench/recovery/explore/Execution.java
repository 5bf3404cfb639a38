package dev.crashbench.recovery.explore;

/**
 * How an exploration runs, which never changes what it explores, what it finds, or in which
 * order: the crash images are always built by one thread in one order, and every state is
 * counted and judged in that order (see {@link InOrderPool}).
 *
 * @param threads     how many threads recover crash images; 1 recovers each on the exploring
 *                    thread as soon as it is built
 * @param deduplicate whether a crash state whose image and expectation are those of a state
 *                    already checked in the same run reuses that state's verdict instead of
 *                    recovering again (it still counts as checked; see {@link VerdictCache})
 */
public record Execution(int threads, boolean deduplicate) {

    public Execution {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** One thread per available processor, identical states judged once. */
    public static Execution defaults() {
        return new Execution(Runtime.getRuntime().availableProcessors(), true);
    }

    /** Everything on the exploring thread, every state recovered: the plain loop. */
    public static Execution sequential() {
        return new Execution(1, false);
    }

    public Execution withThreads(int n) {
        return new Execution(n, deduplicate);
    }

    public Execution withDeduplication(boolean on) {
        return new Execution(threads, on);
    }

    public String describe() {
        return threads + " thread" + (threads == 1 ? "" : "s") + ", deduplication " + (deduplicate ? "on" : "off");
    }
}
