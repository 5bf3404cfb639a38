package dev.crashbench.vfs.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the process that holds a lock on a file, for the message of a refused lock. Linux shows
 * the locks of each open file in {@code /proc/PID/fdinfo/FD} as {@code lock:} lines naming the
 * device and inode ({@code "lock:\t1: OFDLCK ADVISORY WRITE -1 fe:00:2146487 0 EOF"}); the
 * process id in that line is -1 for open-file-description locks, so the holder is the process
 * whose descriptor shows the line. Only descriptors whose link names the file are read, and only
 * processes this user may inspect are seen: the answer is a best effort, empty when unknown
 * (another system, another user, a file reached through another name).
 */
final class LockHolders {
    private static final Path PROC = Path.of("/proc");

    private LockHolders() {
    }

    /** The process id of a holder of a lock on {@code file}, when this user can see it. */
    static OptionalLong of(Path file) {
        try {
            Path real = file.toRealPath();
            String inode = inodeId(real);
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, LockHolders::isProcess)) {
                for (Path process : processes) {
                    if (holdsLock(process, real, inode)) {
                        return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                    }
                }
            }
        } catch (IOException | RuntimeException unknown) {
            // No /proc, no unix attributes, a process gone while we looked: the holder stays unknown.
        }
        return OptionalLong.empty();
    }

    /** The inode as {@code /proc/locks} and fdinfo print it: major:minor in two-digit hex, inode in decimal. */
    static String inodeId(Path file) throws IOException {
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        // glibc's gnu_dev_major / gnu_dev_minor.
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return String.format("%02x:%02x:%d", major, minor, ino);
    }

    private static boolean isProcess(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static boolean holdsLock(Path process, Path file, String inode) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (namesFile(descriptor, file)
                        && showsLock(process.resolve("fdinfo").resolve(descriptor.getFileName()), inode)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException notVisible) {
            // another user's process, or one that exited: not ours to see
        }
        return false;
    }

    private static boolean namesFile(Path descriptor, Path file) {
        try {
            return Files.readSymbolicLink(descriptor).equals(file);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static boolean showsLock(Path fdinfo, String inode) throws IOException {
        List<String> lines = Files.readAllLines(fdinfo);
        String needle = " " + inode + " ";
        return lines.stream().anyMatch(line -> line.startsWith("lock:") && line.contains(needle));
    }
}
