package dev.crashbench.vfs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What Linux says about this process's open descriptors, read from {@code /proc/self}. */
final class FdInfo {
    static final int O_DSYNC = 010000;
    static final int O_ACCMODE = 03;
    static final int O_RDONLY = 0;

    private FdInfo() {
    }

    /** The descriptors this process has open on {@code file}. */
    static List<Integer> descriptorsOf(Path file) {
        Path target = file.toAbsolutePath().normalize();
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                try {
                    if (Files.readSymbolicLink(entry).equals(target)) {
                        fds.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException vanished) {
                    // closed between listing and reading the link
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /** The {@code open(2)} flags of a descriptor, from {@code /proc/self/fdinfo}. */
    static int flags(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no flags line for fd " + fd);
    }

    /** The flags of the only descriptor open on {@code file}. */
    static int flagsOfOnly(Path file) {
        List<Integer> fds = descriptorsOf(file);
        if (fds.size() != 1) {
            throw new IllegalStateException("expected one descriptor on " + file + ", found " + fds);
        }
        return flags(fds.get(0));
    }
}
