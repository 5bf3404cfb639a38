package dev.crashbench.bench.storage;

/**
 * One line of {@code /proc/self/mountinfo}: where a file system is mounted, its type, its source
 * device and its options.
 */
public record Mount(String mountPoint, String fsType, String source, String mountOptions, String superOptions) {

    /**
     * Parses a mountinfo line: {@code id parent major:minor root mount-point mount-options
     * [optional fields...] - fs-type source super-options}. Octal escapes ({@code \040} for a
     * space) in paths are decoded.
     */
    public static Mount parse(String line) {
        String[] f = line.trim().split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
            throw new IllegalArgumentException("not a mountinfo line: " + line);
        }
        return new Mount(unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), f[5],
                dash + 3 < f.length ? f[dash + 3] : "");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
