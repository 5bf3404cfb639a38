package dev.crashbench.torture.inspect;

/** What {@link Inspector} found in one file: a {@link DbInspection} or a {@link WalInspection}. */
public sealed interface Inspection permits DbInspection, WalInspection {
    /** The path as the user gave it. */
    String file();

    FileKind kind();

    long sizeBytes();
}
