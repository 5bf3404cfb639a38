package dev.crashbench.faultvfs;

/**
 * A 128-bit hash of what a reboot of a crash image finds (see {@link DiskHasher}): equal images
 * have equal hashes; different images have equal hashes with a probability of about 2^-128 per
 * pair.
 */
public record ContentHash(long high, long low) {

    public String describe() {
        return String.format("%016x%016x", high, low);
    }
}
