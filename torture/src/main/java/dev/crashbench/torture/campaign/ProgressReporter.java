package dev.crashbench.torture.campaign;

import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.Found;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a campaign's progress: states checked, states per second and violations so far. On a
 * terminal it draws a progress bar; elsewhere (CI logs, pipes) it prints a plain line every tenth
 * of the state budget or every {@value #LINE_EVERY_SECONDS} seconds, so logs stay readable.
 *
 * <p>The clock here only decides when to print, never what the campaign explores.
 */
public final class ProgressReporter implements Exploration.Listener, AutoCloseable {
    static final double LINE_EVERY_SECONDS = 10;
    private static final int BAR_EVERY_STATES = 64;

    private final PrintStream out;
    private final long maxStates;
    private final ProgressBar bar;
    private long violations;
    private long lastStates;
    private double nextLineSeconds = LINE_EVERY_SECONDS;
    private long nextLineStates;

    /**
     * @param out         where progress goes (stderr, so stdout stays the report)
     * @param task        the bar's label
     * @param maxStates   the state budget, or 0 when the budget is time or seeds
     * @param interactive draw a bar (a terminal) or print lines (anything else)
     */
    public ProgressReporter(PrintStream out, String task, long maxStates, boolean interactive) {
        this.out = out;
        this.maxStates = maxStates;
        this.nextLineStates = maxStates > 0 ? Math.max(1, maxStates / 10) : Long.MAX_VALUE;
        this.bar = interactive ? new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(maxStates > 0 ? maxStates : -1)
                .setStyle(ProgressBarStyle.ASCII)
                                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(250)
                .build() : null;
    }

    /** Whether this process's output looks like a terminal a bar can redraw (and not a CI log). */
    public static boolean terminalAttached() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public void stateChecked(Exploration exploration) {
        long states = exploration.statesChecked();
        lastStates = states;
        if (bar != null) {
            if (states % BAR_EVERY_STATES == 0) {
                bar.stepTo(states);
                bar.setExtraMessage(String.format(Locale.ROOT, "%,.0f/s, %d viol.", exploration.statesChecked()
                        / Math.max(1e-9, exploration.seconds()), violations));
            }
            return;
        }
        double seconds = exploration.seconds();
        if (states >= nextLineStates || seconds >= nextLineSeconds) {
            out.println(line(exploration));
            while (nextLineStates <= states) {
                nextLineStates += Math.max(1, maxStates / 10);
            }
            nextLineSeconds = seconds + LINE_EVERY_SECONDS;
        }
    }

    @Override
    public void violationFound(Found found) {
        violations++;
        if (bar == null) {
            out.println("violation " + violations + " (" + found.crashCase().tier().key() + " tier): "
                    + found.violation().rule());
        }
    }

    /** One progress line: {@code 12,000 / 40,000 states, 3,912 states/s, 0 violations, 3.1 s}. */
    static String line(Exploration exploration) {
        String of = exploration.budget().maxStates() > 0
                ? String.format(Locale.ROOT, " / %,d", exploration.budget().maxStates()) : "";
        return String.format(Locale.ROOT, "%,d%s states, %s, %d violations, %.1f s", exploration.statesChecked(), of,
                rate(exploration), exploration.found().size(), exploration.seconds());
    }

    private static String rate(Exploration exploration) {
        double seconds = exploration.seconds();
        return seconds <= 0 ? "- states/s"
                : String.format(Locale.ROOT, "%,.0f states/s", exploration.statesChecked() / seconds);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(lastStates);
            bar.close();
        }
    }
}
