package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A canonical byte encoding of everything a run decided: each trace entry with its data bytes
 * and fault, the fate of each pending op at the cut, and every name and byte of the crash
 * image. Fixed-width big-endian numbers and length-prefixed UTF-8 strings, so the encoding
 * depends on nothing but the values (not the locale, not the JVM).
 */
final class TraceDigest {
    private TraceDigest() {
    }

    /** One encoding per trace entry, in step order. */
    static List<byte[]> encodeEntries(OpTrace trace) {
        List<byte[]> out = new ArrayList<>(trace.size());
        for (TraceEntry e : trace.entries()) {
            out.add(encode(d -> {
                d.writeInt(e.step());
                d.writeUTF(e.kind().name());
                d.writeUTF(e.path());
                writeNullable(d, e.target());
                d.writeInt(e.handle());
                d.writeLong(e.offset());
                d.writeLong(e.length());
                d.writeInt(e.options().size());
                for (OpenOption o : e.options()) {
                    d.writeUTF(o.name());
                }
                writeBytes(d, e.data());
                writeNullable(d, e.fault() == null ? null : e.fault().describe());
                d.writeUTF(e.outcome().describe());
            }));
        }
        return out;
    }

    /** The pending ops at the cut and their fates. */
    static byte[] encodeFates(CrashImage image) {
        return encode(d -> {
            d.writeInt(image.cutStep());
            d.writeInt(image.pending().size());
            for (int i = 0; i < image.pending().size(); i++) {
                d.writeUTF(image.pending().get(i).describe());
                d.writeUTF(image.fates().get(i).describe());
            }
        });
    }

    /** Every name of the disk (taking list steps) and the bytes of every file. */
    static byte[] encodeFiles(SimDisk disk) throws IOException {
        Map<String, Boolean> names = Rig.walk(disk);
        return encode(d -> {
            d.writeInt(names.size());
            for (var e : names.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeBoolean(e.getValue());
                if (!e.getValue()) {
                    writeBytes(d, disk.inspectDurable(e.getKey()).orElseThrow());
                }
            }
        });
    }

    /** SHA-256 over the trace, the fates and the image's files, as lower-case hex. */
    static String sha256(OpTrace trace, CrashImage image) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
        for (byte[] entry : encodeEntries(trace)) {
            sha.update(entry);
        }
        sha.update(encodeFates(image));
        sha.update(encodeFiles(image.disk()));
        return HexFormat.of().formatHex(sha.digest());
    }

    private interface Writer {
        void write(DataOutputStream d) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            writer.write(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeNullable(DataOutputStream d, String s) throws IOException {
        d.writeBoolean(s != null);
        if (s != null) {
            d.writeUTF(s);
        }
    }

    private static void writeBytes(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            d.write(b);
        }
    }
}
