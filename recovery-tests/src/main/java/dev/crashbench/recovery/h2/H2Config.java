package dev.crashbench.recovery.h2;

/**
 * How {@link H2OnVfs} runs H2, in the option names an engine's configuration will carry
 * ({@code write_delay=0,checkpoint_sync=true}).
 *
 * @param writeDelayMillis H2's {@code WRITE_DELAY}: how long a commit may wait in memory before
 *                         H2 writes it. 0 writes every commit at once (without a sync); more
 *                         starts H2's background writer thread, which wakes on the wall clock
 *                         and so cannot run on a SimDisk ({@link H2OnVfs} refuses it)
 * @param checkpointSync   whether each commit is followed by {@code CHECKPOINT SYNC}, which
 *                         writes what is unsaved and syncs the store file; a commit is
 *                         acknowledged only once that returns
 */
public record H2Config(int writeDelayMillis, boolean checkpointSync) {

    public H2Config {
        if (writeDelayMillis < 0) {
            throw new IllegalArgumentException("write_delay must be 0 or more milliseconds: " + writeDelayMillis);
        }
    }

    /** {@code write_delay=0,checkpoint_sync=true}. */
    public String describe() {
        return "write_delay=" + writeDelayMillis + ",checkpoint_sync=" + checkpointSync;
    }
}
