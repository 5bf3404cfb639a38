package dev.crashbench.recovery.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.TraceEntry;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.SyncMode;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.disk.FilePathDisk;
import org.junit.jupiter.api.Test;

/** H2's file layer on a SimDisk: each FilePath and FileChannel call becomes the Vfs call it stands for. */
class VfsFilePathTest {

    private static List<String> realEntriesNamedSimdisk() {
        String[] names = new File(".").list((dir, name) -> name.startsWith(H2Disk.SCHEME));
        return names == null ? List.of() : Arrays.asList(names);
    }

    @Test
    void h2SendsAnUnregisteredSchemeToTheRealDisk() {
        // why the disk id is in the path and not in the scheme: a scheme of its own per disk would
        // reach the real disk once that disk is closed
        assertInstanceOf(FilePathDisk.class, FilePath.get("simdisk-7:/db.mv.db"));
    }

    @Test
    void anUnknownDiskIdFailsLoudlyAndNeverReachesTheRealDisk() throws Exception {
        H2Disk closed = H2Disk.register(new SimDisk(1));
        String name = closed.fileName("db");
        closed.close();
        List<String> before = realEntriesNamedSimdisk();
        IllegalStateException direct = assertThrows(IllegalStateException.class, () -> FilePath.get(name));
        assertTrue(direct.getMessage().contains("no disk is registered as simdisk:/" + closed.id()),
                direct.getMessage());
        Exception viaJdbc = assertThrows(Exception.class,
                () -> new org.h2.Driver().connect("jdbc:h2:" + name, new Properties()).close());
        assertTrue(causes(viaJdbc).stream().anyMatch(t -> t instanceof IllegalStateException
                && t.getMessage().contains("no disk is registered")), "H2 passes the refusal on: " + causes(viaJdbc));
        assertEquals(before, realEntriesNamedSimdisk(), "nothing was created in the working directory");
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void namesParentsDirectoriesAndFiles() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (H2Disk h2 = H2Disk.register(disk)) {
            FilePath root = FilePath.get(h2.fileName(""));
            FilePath file = FilePath.get(h2.fileName("d") + "/./x.bin");
            assertEquals(h2.fileName("d/x.bin"), file.toString());
            assertEquals(h2.fileName("d"), file.getParent().toString());
            assertEquals(root.toString(), file.getParent().getParent().toString());
            assertNull(root.getParent(), "the disk's root has no parent");
            assertTrue(root.exists() && root.isDirectory() && file.isAbsolute());
            assertFalse(file.getParent().exists());

            file.getParent().createDirectory();
            assertTrue(disk.exists("d") && file.getParent().isDirectory());
            assertTrue(file.createFile());
            assertFalse(file.createFile(), "a second create finds the file");
            assertTrue(file.isRegularFile() && !file.isDirectory());
            assertEquals(List.of(h2.fileName("d/x.bin")),
                    file.getParent().newDirectoryStream().stream().map(FilePath::toString).toList());
            assertEquals(0, file.size());
            file.delete();
            assertFalse(disk.exists("d/x.bin"));
            file.delete();
        }
    }

    @Test
    void moveToIsARenameWithoutADirectorySyncAsOnH2sRealDisk() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (H2Disk h2 = H2Disk.register(disk)) {
            FilePath from = FilePath.get(h2.fileName("a.tmp"));
            FilePath to = FilePath.get(h2.fileName("a.mv.db"));
            from.createFile();
            to.createFile();
            int start = disk.step();
            from.moveTo(to, true);
            List<OpKind> kinds = disk.trace().entries().subList(start, disk.step()).stream()
                    .map(TraceEntry::kind).toList();
            assertTrue(kinds.contains(OpKind.RENAME), kinds.toString());
            assertFalse(kinds.contains(OpKind.SYNC_DIR), "FilePathDisk syncs no directory: " + kinds);
            assertEquals(List.of("a.mv.db"), disk.list(""));
            FilePath again = FilePath.get(h2.fileName("b.tmp"));
            again.createFile();
            assertThrows(RuntimeException.class, () -> again.moveTo(to, false), "without replace, a target refuses");
        }
    }

    @Test
    void theChannelReadsWritesTruncatesAndSyncsInTheModeH2Asks() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (H2Disk h2 = H2Disk.register(disk);
             FileChannel channel = FilePath.get(h2.fileName("f")).open("rw")) {
            assertEquals(5, channel.write(ByteBuffer.wrap("hello".getBytes()), 10));
            assertEquals(15, channel.size());
            ByteBuffer dst = ByteBuffer.allocate(5);
            assertEquals(5, channel.read(dst, 10));
            assertEquals("hello", new String(dst.array()));
            assertEquals(-1, channel.read(ByteBuffer.allocate(1), 15), "at the end, as a FileChannel");
            channel.truncate(100);
            assertEquals(15, channel.size(), "a FileChannel's truncate never grows");
            channel.truncate(12);
            assertEquals(12, channel.size());

            int start = disk.step();
            channel.force(true);
            channel.force(false);
            List<TraceEntry> syncs = disk.trace().entries().subList(start, disk.step());
            assertEquals(List.of(OpKind.SYNC, OpKind.SYNC), syncs.stream().map(TraceEntry::kind).toList());
            assertEquals(List.of((long) SyncMode.FULL.ordinal(), (long) SyncMode.DATA.ordinal()),
                    syncs.stream().map(TraceEntry::length).toList(), "force(true) is fsync, force(false) fdatasync");
        }
    }

    @Test
    void anExclusiveLockIsTheFilesVfsLock() throws Exception {
        try (H2Disk h2 = H2Disk.register(new SimDisk(1));
             FileChannel first = FilePath.get(h2.fileName("l")).open("rw");
             FileChannel second = FilePath.get(h2.fileName("l")).open("rw")) {
            FileLock lock = first.tryLock(0, Long.MAX_VALUE, false);
            assertNotNull(lock);
            assertNull(second.tryLock(0, Long.MAX_VALUE, false), "held by another handle: H2 says the file is locked");
            lock.release();
            assertFalse(lock.isValid());
            assertNotNull(second.tryLock(0, Long.MAX_VALUE, false), "released, it can be taken");
        }
    }

    @Test
    void aFullDiskReachesH2AsTheIoExceptionOfItsWrite() throws Exception {
        SimDisk disk = new SimDisk(new SimDiskConfig(SimDiskConfig.worstCase(1).diskModel(), 1, 4096),
                FaultPlan.NONE);
        try (H2Disk h2 = H2Disk.register(disk);
             FileChannel channel = FilePath.get(h2.fileName("full")).open("rw")) {
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> channel.write(ByteBuffer.allocate(8192), 0));
            assertEquals(Errno.ENOSPC, e.errno());
            assertInstanceOf(IOException.class, e, "what a FileChannel throws");
            assertNull(h2.escaped(), "an I/O error is H2's to handle, not a power cut");
        }
        SQLException viaH2 = assertThrows(SQLException.class,
                () -> H2OnVfs.open(new SimDisk(new SimDiskConfig(SimDiskConfig.worstCase(1).diskModel(), 1, 4096),
                        FaultPlan.NONE), "db", new H2Config(0, false)).close());
        assertTrue(causes(viaH2).stream().anyMatch(t -> t instanceof ErrnoException n && n.errno() == Errno.ENOSPC),
                "H2 reports the full disk as an SQLException caused by ENOSPC: " + causes(viaH2));
    }

    @Test
    void aPowerCutUnderH2ComesOutAsItWasThrown() throws Exception {
        SimDisk disk = new SimDisk(1);
        H2OnVfs db = H2OnVfs.open(disk, "cut", new H2Config(0, true));
        H2KeyValueTable kv = db.keyValueTable("kv");
        kv.begin();
        kv.put(1, new byte[] {1});
        disk.cutPower();
        PowerCutException cut = assertThrows(PowerCutException.class, kv::commit,
                "not an SQLException: a program does not get to react to losing power");
        assertSame(cut, db.disk().escaped(), "the first escaped exception is the one rethrown");
        assertThrows(PowerCutException.class, () -> kv.get(1), "the connection is dead");
        db.close();
    }
}
