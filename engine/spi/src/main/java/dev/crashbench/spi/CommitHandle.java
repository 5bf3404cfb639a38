package dev.crashbench.spi;

import java.io.IOException;

/** A commit whose first half returned ({@link EngineSession#commitAsync()}): acknowledged once {@link #await()} returns. */
public interface CommitHandle {
    /**
     * Waits until the commit is durable as the configuration promises.
     *
     * @throws IOException the commit failed; it is indeterminate unless classified otherwise
     */
    void await() throws IOException;
}
