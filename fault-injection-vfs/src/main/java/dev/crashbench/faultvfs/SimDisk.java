package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An in-memory disk that models what survives a power cut.
 *
 * <h2>Method</h2>
 * The disk keeps two states. The <em>live</em> state is what a running program sees: the page
 * cache and the in-memory directory tree. The <em>durable</em> state is what is on the platter.
 * Between them sits an ordered list of <em>pending operations</em>: every write, truncate,
 * allocation and store through a mapping, and every create, mkdir, rename and delete, that the
 * program has done but that nothing has made durable yet. The live state is always the durable
 * state with every pending operation applied (except after a failed sync, below).
 *
 * <p>Only these make pending operations durable:
 * <ul>
 *   <li>{@link VfsFile#sync} (either mode): every pending data operation of that file, in order;</li>
 *   <li>a write through a {@link OpenOption#DSYNC} handle: that write, at once;</li>
 *   <li>{@link dev.crashbench.vfs.MappedRegion#sync}: the pending writes of that file inside the
 *       page-rounded range, clipped to it;</li>
 *   <li>{@link #syncDirectory}: every pending name operation whose parent is that directory
 *       (a rename, whichever of its two directories is synced);</li>
 *   <li>an early write-back chosen by the fault plan: any pending operation, any time.</li>
 * </ul>
 * Each of these also makes durable, first and in order, every older pending operation that
 * does not commute with one it picked (an overlapping write or a truncate of the same file,
 * another change to the same name), so an older operation can never reach the disk after a
 * newer one and undo it.
 * {@code close()} never syncs, and neither does opening a file again.
 *
 * <p>A power cut stops the program: the call at the cut step does not complete (or, with
 * {@link Fault.PowerCut#midOp()}, is left pending), and every later call throws
 * {@link PowerCutException}. {@link #crashImage} then builds what a reboot would find: the
 * durable state plus the pending operations the {@link Survival} policy lets through, each
 * whole, lost, or (a write) torn at the {@link DiskModel#tearUnit() tear unit} into old, new and
 * garbage units. Names whose parent directory did not survive and files no name reaches are gone.
 *
 * <p>What is guaranteed: whatever was durable before the cut is in every crash image, byte for
 * byte, except where bit rot was injected. Nothing else is.
 *
 * <h2>Faults</h2>
 * Every call is one numbered step of the {@link OpTrace}, starting at 0. Before each step the
 * {@link FaultPlan} may inject one {@link Fault}: a power cut, a lying or failing sync, EIO,
 * a short write, ENOSPC, bit rot of a durable byte, a misdirected write, or an early write-back.
 * A failed sync (fsyncgate) drops the file's pending data: the program still reads it from the
 * page cache, but it will never reach the disk. The plan sees only an {@link OpContext}, so a
 * seeded plan makes the same decisions on every run; with one seed and one workload the disk
 * is deterministic, byte for byte.
 *
 * <h2>Locks</h2>
 * {@link VfsFile#tryLockExclusive()} takes a lock on the file (not the name) for that handle; a
 * second handle is refused until the holder releases it or closes. Locks belong to the running
 * machine, not to the disk: a crash image, which is what a reboot finds, holds none, so a cut
 * never leaves a stale lock, and after a cut taking one throws {@link PowerCutException} like any
 * call. Taking or releasing a lock is not a step of the trace: it changes nothing a reboot could
 * find and no fault strikes it, and as a step it would renumber every later step (and every
 * replay file's). {@link #rebuildBefore} therefore rebuilds a disk without locks.
 *
 * <h2>Contract checks</h2>
 * Using a closed handle or region, or a path that breaks {@link VfsPaths}' rules, throws
 * {@link IllegalStateException} or {@link IllegalArgumentException}: those are bugs in the
 * program under test, not I/O errors it should handle.
 *
 * <p>All calls are serialized on the disk, so a multi-threaded program gets a consistent trace;
 * it is deterministic only if the program's order of calls is.
 */
public final class SimDisk implements Vfs {
    /** The largest file SimDisk simulates; a write or size past it fails with EFBIG. */
    public static final long MAX_FILE_BYTES = 1L << 40;

    private final SimDiskConfig config;
    private final FaultPlan plan;
    /** The durable state this disk started from, for {@link #rebuildBefore}. */
    private final DiskState initial;
    private final long initialNextFileId;

    private final DiskState live;
    private final DiskState durable;
    private final List<PendingOp> pending = new ArrayList<>();
    private final OpTrace trace = new OpTrace();
    /** Open handle count per file id, so deleted-but-open files still count against capacity. */
    private final Map<Long, Integer> openCounts = new HashMap<>();
    /** The handle holding each locked file's lock, by file id. */
    private final Map<Long, SimFile> lockHolders = new HashMap<>();

    private long nextFileId;
    private int step;
    private int cutStep = -1;

    /** An empty disk. */
    public SimDisk(SimDiskConfig config, FaultPlan plan) {
        this(config, plan, new DiskState(), 0);
    }

    /** An empty worst-case disk with no faults. */
    public SimDisk(long seed) {
        this(SimDiskConfig.worstCase(seed), FaultPlan.NONE);
    }

    private SimDisk(SimDiskConfig config, FaultPlan plan, DiskState start, long nextFileId) {
        this.config = config;
        this.plan = plan;
        this.initial = start.copy();
        this.initialNextFileId = nextFileId;
        this.durable = start;
        this.live = start.copy();
        this.nextFileId = nextFileId;
    }

    public SimDiskConfig config() {
        return config;
    }

    @Override
    public DiskModel diskModel() {
        return config.diskModel();
    }

    @Override
    public String describe() {
        return "SimDisk (" + config.describe() + ", plan: " + plan.describe() + ")";
    }

    public FaultPlan plan() {
        return plan;
    }

    /** The trace of every step so far. */
    public synchronized OpTrace trace() {
        return trace;
    }

    /** The number of the next step. */
    public synchronized int step() {
        return step;
    }

    public synchronized boolean isPowerCut() {
        return cutStep >= 0;
    }

    /** The pending operations, oldest first. */
    public synchronized List<PendingOp> pendingOps() {
        return List.copyOf(pending);
    }

    /** Cuts the power now, before the next step. Later calls throw {@link PowerCutException}. */
    public synchronized void cutPower() {
        if (cutStep < 0) {
            cutStep = step;
        }
    }

    // ---------------------------------------------------------------- crash images

    /** What a reboot would find if the power were cut now; this disk is not changed. */
    public CrashImage crashImage(Survival survival) {
        return crashImage(survival, FaultPlan.NONE);
    }

    /**
     * What a reboot would find if the power were cut now, as a new disk whose calls are
     * decided by {@code nextPlan} (a second cut during recovery, say). This disk is not changed.
     */
    public synchronized CrashImage crashImage(Survival survival, FaultPlan nextPlan) {
        List<PendingOp> snapshot = List.copyOf(pending);
        List<OpFate> fates = closeNameFates(snapshot, survival.decide(snapshot, config.diskModel()));
        DiskState image = durable.copy();
        for (int i = 0; i < snapshot.size(); i++) {
            PendingOp op = snapshot.get(i);
            OpFate fate = fates.get(i);
            if (fate instanceof OpFate.Kept) {
                if (op instanceof PendingOp.Write w && config.diskModel().safeAppend()
                        && w.offset() > image.file(w.fileId()).size()) {
                    // Safe append: the size moves only after the data below it landed, and the
                    // older write that fills the gap did not: this one stays past the end.
                    fates.set(i, OpFate.LOST);
                    continue;
                }
                op.applyTo(image);
            } else if (fate instanceof OpFate.Torn torn) {
                if (!(op instanceof PendingOp.Write write)) {
                    throw new IllegalArgumentException("only writes tear, not " + op.describe());
                }
                TornWrite.apply(image, write, torn.units(), config.diskModel(), config.seed());
            }
        }
        image.pruneUnreachable();
        int at = cutStep >= 0 ? cutStep : step;
        // The image tears its own writes with garbage of its own, not a replay of this disk's.
        SimDiskConfig imageConfig = new SimDiskConfig(config.diskModel(), Seeds.mix(config.seed(), at, 1),
                config.capacityBytes());
        SimDisk disk = new SimDisk(imageConfig, nextPlan, image, Math.max(nextFileId, image.maxFileId() + 1));
        return new CrashImage(disk, at, snapshot, fates);
    }

    /**
     * The {@link DiskHasher} hash of this disk as a crash image built it: its durable state, which
     * is all there is while nothing has run on it.
     *
     * @throws IllegalStateException when a step was taken on this disk already
     */
    synchronized ContentHash hashUntouched(DiskHasher hasher) {
        if (step != 0 || !pending.isEmpty()) {
            throw new IllegalStateException("only an untouched crash image is hashed; this disk is at step " + step);
        }
        return hasher.hash(durable, nextFileId);
    }

    /** Shows {@code visitor} every durable file (for {@link DiskHasher#remember}); it must not keep or change them. */
    synchronized void visitDurable(java.util.function.Consumer<FileImage> visitor) {
        durable.files.values().forEach(visitor);
    }

    /**
     * The fates with every name operation older than a surviving one that touches the same name
     * (or a name inside a directory it changes) kept too: file systems journal their metadata in order, so a
     * rename cannot survive without the create it moves, nor a create without the delete before
     * it. Data operations keep the policy's fates.
     */
    private static List<OpFate> closeNameFates(List<PendingOp> ops, List<OpFate> fates) {
        if (fates.size() != ops.size()) {
            throw new IllegalArgumentException(fates.size() + " fates for " + ops.size() + " pending operations");
        }
        List<OpFate> out = new ArrayList<>(fates);
        Set<String> keptNames = new HashSet<>();
        for (int i = ops.size() - 1; i >= 0; i--) {
            List<String> names = namesTouched(ops.get(i));
            if (names.isEmpty()) {
                continue;
            }
            if (!(out.get(i) instanceof OpFate.Kept) && touchesAny(names, keptNames)) {
                out.set(i, OpFate.KEPT);
            }
            if (out.get(i) instanceof OpFate.Kept) {
                keptNames.addAll(names);
            }
        }
        return out;
    }

    /**
     * A new disk in the state this one had just before {@code beforeStep}, rebuilt from the
     * trace alone (the recorded faults are replayed; the workload is not needed).
     */
    public synchronized SimDisk rebuildBefore(int beforeStep) {
        if (beforeStep < 0 || beforeStep > trace.size()) {
            throw new IllegalArgumentException("step " + beforeStep + " outside 0.." + trace.size());
        }
        SimDisk copy = new SimDisk(config, new ScriptedFaultPlan(trace.faults()), initial.copy(), initialNextFileId);
        new TraceReplayer(copy).replay(trace.entries().subList(0, beforeStep));
        return copy;
    }

    /**
     * The durable bytes of the file at {@code path} as a reboot now would find them if nothing
     * pending survived; empty if no durable name leads to it. Not a VFS call: no step is taken.
     */
    public synchronized Optional<byte[]> inspectDurable(String path) {
        Long id = durable.names.get(VfsPaths.check(path));
        if (id == null || id == DiskState.DIRECTORY) {
            return Optional.empty();
        }
        for (String dir = VfsPaths.parent(path); !dir.isEmpty(); dir = VfsPaths.parent(dir)) {
            if (!durable.isDirectory(dir)) {
                return Optional.empty(); // its mkdir is not durable: a reboot prunes the name
            }
        }
        FileImage image = durable.file(id);
        return Optional.of(image.readBytes(0, Math.toIntExact(image.size())));
    }

    /** The bytes the program sees at {@code path}, or empty. Not a VFS call: no step is taken. */
    public synchronized Optional<byte[]> inspectLive(String path) {
        Long id = live.names.get(VfsPaths.check(path));
        if (id == null || id == DiskState.DIRECTORY) {
            return Optional.empty();
        }
        FileImage image = live.file(id);
        return Optional.of(image.readBytes(0, Math.toIntExact(image.size())));
    }

    /** How many files' contents the disk holds (live or durable, named or not): what it keeps in memory. */
    synchronized int filesHeld() {
        Set<Long> ids = new HashSet<>(live.files.keySet());
        ids.addAll(durable.files.keySet());
        return ids.size();
    }

    /** Whether every file's live and durable content and both namespaces agree (nothing pending matters). */
    public synchronized boolean liveEqualsDurable() {
        if (!live.names.equals(durable.names)) {
            return false;
        }
        for (long id : live.names.values()) {
            if (id != DiskState.DIRECTORY && !live.file(id).sameContent(durable.file(id))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the step protocol

    /** One call in progress: its number, its context and the fault the plan chose. */
    private final class Call {
        final int number;
        final OpKind kind;
        final String path;
        final int handle;
        final long fileId;
        final long offset;
        final long length;
        final Fault fault;
        final OpContext context;

        Call(OpKind kind, String path, int handle, long fileId, long offset, long length) {
            this(kind, path, handle, fileId, offset, length, false);
        }

        /** @param dsyncWrite whether this is a write through an O_DSYNC handle (which may take sync faults) */
        Call(OpKind kind, String path, int handle, long fileId, long offset, long length, boolean dsyncWrite) {
            if (cutStep >= 0) {
                throw new PowerCutException(cutStep);
            }
            if (trace.size() != step) {
                throw new IllegalStateException("step " + (step - 1) + " ended in an unexpected exception before its"
                        + " outcome was recorded; this SimDisk cannot go on");
            }
            this.number = step;
            this.kind = kind;
            this.path = path;
            this.handle = handle;
            this.fileId = fileId;
            this.offset = offset;
            this.length = length;
            long liveSize = fileId >= 0 ? live.file(fileId).size() : 0;
            FileImage durableImage = fileId >= 0 ? durable.files.get(fileId) : null;
            long durableSize = durableImage == null ? 0 : durableImage.size();
            this.context = new OpContext(number, kind, path, offset, length, liveSize, durableSize, pending.size(),
                    dsyncWrite);
            this.fault = plan.decide(context).orElse(null);
            String problem = fault == null ? null : whyNotApplicable(fault, context);
            if (problem != null) {
                // Thrown before the step is taken, so the trace stays consistent and names the bad step.
                throw new IllegalStateException("fault plan chose '" + fault.describe() + "' for a " + kind
                        + " call at step " + number + ": " + problem);
            }
            step++;
            applyBeforeCallFaults();
        }

        private void applyBeforeCallFaults() {
            if (fault instanceof Fault.EarlyWriteBack early) {
                makeDurable(early.pendingIndices());
            } else if (fault instanceof Fault.BitRot rot && fileId >= 0) {
                FileImage image = durable.files.get(fileId);
                if (image != null && rot.offset() < image.size()) {
                    image.xor(rot.offset(), (byte) rot.mask());
                }
            } else if (fault instanceof Fault.PowerCut cut && !cut.midOp()) {
                cutAndThrow(null, List.of(), null);
            }
        }

        /** Why {@code fault} cannot strike this call, or {@code null} when it can. */
        private String whyNotApplicable(Fault fault, OpContext c) {
            if (!fault.appliesTo(c.kind())) {
                return "it does not apply to this kind of call";
            }
            if (fault instanceof Fault.ShortWrite s && s.bytesWritten() >= c.length()) {
                return "a short write must store fewer than the " + c.length() + " bytes asked for";
            }
            if ((fault instanceof Fault.LyingSync || fault instanceof Fault.SyncError)
                    && !c.syncs()) {
                return "only a write through an O_DSYNC handle syncs";
            }
            if (fault instanceof Fault.EarlyWriteBack early
                    && early.pendingIndices().get(early.pendingIndices().size() - 1) >= c.pendingCount()) {
                return "only " + c.pendingCount() + " operations are pending";
            }
            if (fault instanceof Fault.MisdirectedWrite m && c.offset() + m.shift() < 0) {
                return "it would land before the start of the file";
            }
            return null;
        }

        boolean is(Class<? extends Fault> type) {
            return type.isInstance(fault);
        }

        /** Cuts the power here if the plan cut it in the middle of this call (whose effect is already pending). */
        void cutIfMidOp() {
            if (cutMidOp()) {
                cutAndThrow(null, List.of(), null);
            }
        }

        /** Whether the power is cut in the middle of this call, leaving its effect pending. */
        boolean cutMidOp() {
            return fault instanceof Fault.PowerCut cut && cut.midOp();
        }

        void cutAndThrow(String target, List<OpenOption> options, byte[] data) {
            cutStep = number;
            record(target, options, data, Outcome.CUT);
            throw new PowerCutException(number);
        }

        ErrnoException fail(Errno errno, String operation, String detail, String target, List<OpenOption> options,
                            byte[] data) {
            record(target, options, data, Outcome.error(errno));
            return new ErrnoException(errno, operation, path,
                    detail + (fault != null ? " (injected at step " + number + ": " + fault.describe() + ")" : ""));
        }

        ErrnoException fail(Errno errno, String operation, String detail) {
            return fail(errno, operation, detail, null, List.of(), null);
        }

        /** Fails the call with EIO if the plan injected an I/O error. */
        void throwIfIoError(String operation) throws ErrnoException {
            if (fault instanceof Fault.IoError) {
                throw fail(Errno.EIO, operation, "I/O error");
            }
        }

        long ok(long value) {
            record(null, List.of(), null, Outcome.ok(value));
            return value;
        }

        void record(String target, List<OpenOption> options, byte[] data, Outcome outcome) {
            trace.add(new TraceEntry(number, kind, path, target, handle, offset, length, options, data, fault,
                    outcome));
        }
    }

    private Call pathCall(OpKind kind, String path) {
        VfsPaths.check(path);
        return new Call(kind, path, -1, -1, 0, 0);
    }

    // ---------------------------------------------------------------- Vfs: path calls

    @Override
    public synchronized VfsFile open(String path, OpenOption... options) throws ErrnoException {
        Set<OpenOption> opts = options.length == 0 ? EnumSet.noneOf(OpenOption.class) : EnumSet.of(options[0], options);
        List<OpenOption> optionList = List.copyOf(opts);
        Call call = pathCall(OpKind.OPEN, path);
        if (call.is(Fault.IoError.class)) {
            throw call.fail(Errno.EIO, "open", "I/O error", null, optionList, null);
        }
        Long existing = live.names.get(path);
        long id;
        if (existing != null && existing == DiskState.DIRECTORY) {
            throw call.fail(Errno.EISDIR, "open", "is a directory", null, optionList, null);
        } else if (existing != null) {
            if (opts.contains(OpenOption.CREATE_NEW)) {
                throw call.fail(Errno.EEXIST, "open", "file exists", null, optionList, null);
            }
            id = existing;
        } else {
            if (!opts.contains(OpenOption.CREATE) && !opts.contains(OpenOption.CREATE_NEW)) {
                throw call.fail(Errno.ENOENT, "open", "no such file", null, optionList, null);
            }
            Errno parentProblem = path.isEmpty() ? Errno.EISDIR : parentProblem(path);
            if (parentProblem != null) {
                throw call.fail(parentProblem, "open", "parent directory missing", null, optionList, null);
            }
            id = nextFileId++;
            live.names.put(path, id);
            live.file(id);
            pending.add(new PendingOp.Link(call.number, path, id));
        }
        if (call.cutMidOp()) {
            call.cutAndThrow(null, optionList, null);
        }
        openCounts.merge(id, 1, Integer::sum);
        call.record(null, optionList, null, Outcome.ok(call.number));
        return new SimFile(this, call.number, id, path, opts.contains(OpenOption.READ_ONLY),
                opts.contains(OpenOption.DSYNC));
    }

    @Override
    public synchronized boolean exists(String path) throws ErrnoException {
        Call call = pathCall(OpKind.EXISTS, path);
        call.throwIfIoError("stat");
        return call.ok(live.names.containsKey(path) ? 1 : 0) == 1;
    }

    @Override
    public synchronized void delete(String path) throws ErrnoException {
        Call call = pathCall(OpKind.DELETE, path);
        call.throwIfIoError("unlink");
        Long id = live.names.get(path);
        if (path.isEmpty()) {
            throw call.fail(Errno.EBUSY, "unlink", "cannot delete the root directory");
        }
        if (id == null) {
            throw call.fail(Errno.ENOENT, "unlink", "no such file or directory");
        }
        if (id == DiskState.DIRECTORY && !live.children(path).isEmpty()) {
            throw call.fail(Errno.ENOTEMPTY, "rmdir", "directory not empty");
        }
        live.names.remove(path);
        pending.add(new PendingOp.Unlink(call.number, path));
        call.cutIfMidOp();
        forgetUnreachableFiles();
        call.ok(0);
    }

    @Override
    public synchronized void rename(String from, String to) throws ErrnoException {
        VfsPaths.check(to);
        Call call = pathCall(OpKind.RENAME, from);
        if (call.is(Fault.IoError.class)) {
            throw call.fail(Errno.EIO, "rename", "I/O error", to, List.of(), null);
        }
        Long id = live.names.get(from);
        if (id == null || from.isEmpty()) {
            throw call.fail(Errno.ENOENT, "rename", "no such file", to, List.of(), null);
        }
        if (id == DiskState.DIRECTORY) {
            throw call.fail(Errno.EOPNOTSUPP, "rename", "SimDisk does not model renaming directories", to,
                    List.of(), null);
        }
        if (to.isEmpty() || live.isDirectory(to)) {
            throw call.fail(Errno.EISDIR, "rename", "target is a directory", to, List.of(), null);
        }
        Errno parentProblem = parentProblem(to);
        if (parentProblem != null) {
            throw call.fail(parentProblem, "rename", "target directory missing", to, List.of(), null);
        }
        if (!from.equals(to)) {
            live.names.remove(from);
            live.names.put(to, id);
            pending.add(new PendingOp.Rename(call.number, from, to));
        }
        if (call.cutMidOp()) {
            call.cutAndThrow(to, List.of(), null);
        }
        forgetUnreachableFiles();
        call.record(to, List.of(), null, Outcome.ok(0));
    }

    @Override
    public synchronized void createDirectory(String path) throws ErrnoException {
        Call call = pathCall(OpKind.MKDIR, path);
        call.throwIfIoError("mkdir");
        if (live.names.containsKey(path)) {
            throw call.fail(Errno.EEXIST, "mkdir", "exists");
        }
        Errno parentProblem = parentProblem(path);
        if (parentProblem != null) {
            throw call.fail(parentProblem, "mkdir", "parent directory missing");
        }
        live.names.put(path, DiskState.DIRECTORY);
        pending.add(new PendingOp.Link(call.number, path, DiskState.DIRECTORY));
        call.cutIfMidOp();
        call.ok(0);
    }

    @Override
    public synchronized void syncDirectory(String path) throws ErrnoException {
        Call call = pathCall(OpKind.SYNC_DIR, path);
        call.throwIfIoError("fsync");
        requireDirectory(call, path, "open");
        call.cutIfMidOp();
        if (!call.is(Fault.LyingSync.class)) {
            makeDurable(pendingIndices(op -> namesEntryIn(op, path)));
        }
        call.ok(0);
    }

    /**
     * Null when the parent of {@code path} is a live directory; else what Linux says: ENOTDIR
     * when the first missing step of the way is a file, ENOENT when it is missing.
     */
    private Errno parentProblem(String path) {
        String parent = VfsPaths.parent(path);
        if (live.isDirectory(parent)) {
            return null;
        }
        String[] segments = parent.split("/");
        String at = "";
        for (String segment : segments) {
            at = VfsPaths.join(at, segment);
            Long id = live.names.get(at);
            if (id == null) {
                return Errno.ENOENT;
            }
            if (id != DiskState.DIRECTORY) {
                return Errno.ENOTDIR;
            }
        }
        return Errno.ENOENT;
    }

    /** Fails the call with ENOENT or ENOTDIR unless {@code path} is a live directory. */
    private void requireDirectory(Call call, String path, String operation) throws ErrnoException {
        if (!live.names.containsKey(path)) {
            throw call.fail(Errno.ENOENT, operation, "no such directory");
        }
        if (!live.isDirectory(path)) {
            throw call.fail(Errno.ENOTDIR, operation, "not a directory");
        }
    }

    /** Indices of the pending operations that {@code test} accepts, ascending. */
    private List<Integer> pendingIndices(java.util.function.Predicate<PendingOp> test) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (test.test(pending.get(i))) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    private static boolean namesEntryIn(PendingOp op, String dir) {
        if (op instanceof PendingOp.Link || op instanceof PendingOp.Unlink) {
            return VfsPaths.parent(op.path()).equals(dir);
        }
        if (op instanceof PendingOp.Rename rename) {
            return VfsPaths.parent(rename.path()).equals(dir) || VfsPaths.parent(rename.from()).equals(dir);
        }
        return false;
    }

    @Override
    public synchronized List<String> list(String path) throws ErrnoException {
        Call call = pathCall(OpKind.LIST, path);
        call.throwIfIoError("readdir");
        requireDirectory(call, path, "opendir");
        List<String> names = live.children(path);
        call.ok(names.size());
        return names;
    }

    // ---------------------------------------------------------------- calls on open files (from SimFile)

    synchronized int read(SimFile file, long offset, ByteBuffer dst) throws ErrnoException {
        checkOffset(offset);
        Call call = new Call(OpKind.READ, file.path(), file.handle(), file.fileId(), offset, dst.remaining());
        call.throwIfIoError("pread");
        call.cutIfMidOp();
        return (int) call.ok(live.file(file.fileId()).read(offset, dst));
    }

    synchronized int write(SimFile file, long offset, ByteBuffer src) throws ErrnoException {
        checkOffset(offset);
        byte[] data = new byte[src.remaining()];
        src.duplicate().get(data);
        Call call = new Call(OpKind.WRITE, file.path(), file.handle(), file.fileId(), offset, data.length,
                file.dsync());
        if (file.readOnly()) {
            throw call.fail(Errno.EBADF, "pwrite", "opened read-only", null, List.of(), data);
        }
        if (call.is(Fault.IoError.class)) {
            throw call.fail(Errno.EIO, "pwrite", "I/O error", null, List.of(), data);
        }
        if (offset + data.length > MAX_FILE_BYTES) {
            throw call.fail(Errno.EFBIG, "pwrite", "past the largest simulated file (" + MAX_FILE_BYTES + " B)",
                    null, List.of(), data);
        }
        if (call.context.needsSpace() && (call.is(Fault.NoSpace.class) || !hasSpaceFor(offset + data.length
                - live.file(file.fileId()).size()))) {
            throw call.fail(Errno.ENOSPC, "pwrite", "no space left on device", null, List.of(), data);
        }
        byte[] written = data;
        if (call.fault instanceof Fault.ShortWrite shortWrite) {
            written = java.util.Arrays.copyOf(data, shortWrite.bytesWritten());
        }
        long landsAt = call.fault instanceof Fault.MisdirectedWrite m ? offset + m.shift() : offset;
        live.file(file.fileId()).write(offset, written, 0, written.length);
        PendingOp.Write op = new PendingOp.Write(call.number, file.path(), file.fileId(), landsAt, written, false,
                offset + written.length);
        pending.add(op); // in the page cache; an O_DSYNC write leaves the list again below
        if (call.cutMidOp()) {
            call.cutAndThrow(null, List.of(), data);
        }
        if (file.dsync() && call.is(Fault.SyncError.class)) {
            // The write reached the page cache but its write-back failed: dropped, never durable.
            dropWrites((i, pendingOp) -> pendingOp == op);
            throw call.fail(Errno.EIO, "pwrite", "O_DSYNC write-back failed", null, List.of(), data);
        } else if (file.dsync() && !call.is(Fault.LyingSync.class)) {
            // O_DSYNC: this write is durable now, with any older pending op it must not be reordered after.
            makeDurable(List.of(pending.size() - 1));
        }
        src.position(src.position() + written.length);
        call.record(null, List.of(), data, Outcome.ok(written.length));
        return written.length;
    }

    synchronized void sync(SimFile file, SyncMode mode) throws ErrnoException {
        Call call = new Call(OpKind.SYNC, file.path(), file.handle(), file.fileId(), 0, mode.ordinal());
        call.cutIfMidOp();
        if (call.is(Fault.SyncError.class)) {
            // fsyncgate: the kernel marks the failed pages clean; the data stays readable in the
            // cache but is never written, and the next fsync reports success.
            dropWrites((i, op) -> op instanceof PendingOp.Write w && w.fileId() == file.fileId());
            throw call.fail(Errno.EIO, "fsync", "write-back failed, pending data dropped");
        }
        if (!call.is(Fault.LyingSync.class)) {
            makeDurable(pendingIndices(op -> dataFileId(op) == file.fileId()));
        }
        call.ok(0);
    }

    /**
     * Drops the pending writes {@code which} picks, as a failed write-back does: their bytes are
     * gone, but a size change they made stays pending as an allocation, because the size is
     * metadata the next successful sync still commits (the file reads zeros there).
     */
    private void dropWrites(java.util.function.BiPredicate<Integer, PendingOp> which) {
        List<PendingOp> rest = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            PendingOp op = pending.get(i);
            if (!(op instanceof PendingOp.Write w) || !which.test(i, op)) {
                rest.add(op);
            } else if (w.sizeEnd() > durableSize(w.fileId())) {
                rest.add(new PendingOp.Resize(w.step(), w.path(), w.fileId(), w.sizeEnd(), true));
            }
        }
        pending.clear();
        pending.addAll(rest);
    }

    /** The file a data op (write or size change) changes, or -1 for a name op. */
    private static long dataFileId(PendingOp op) {
        return op instanceof PendingOp.Write w ? w.fileId() : op instanceof PendingOp.Resize r ? r.fileId() : -1;
    }

    synchronized void truncate(SimFile file, long size) throws ErrnoException {
        checkOffset(size);
        Call call = new Call(OpKind.TRUNCATE, file.path(), file.handle(), file.fileId(), 0, size);
        call.throwIfIoError("ftruncate");
        checkResize(call, file, size, "ftruncate");
        live.file(file.fileId()).truncate(size);
        pending.add(new PendingOp.Resize(call.number, file.path(), file.fileId(), size, false));
        call.cutIfMidOp();
        call.ok(0);
    }

    /** Fails a size change with EBADF on a read-only handle or EFBIG past the largest file. */
    private static void checkResize(Call call, SimFile file, long size, String operation) throws ErrnoException {
        if (file.readOnly()) {
            throw call.fail(Errno.EBADF, operation, "opened read-only");
        }
        if (size > MAX_FILE_BYTES) {
            throw call.fail(Errno.EFBIG, operation, "past the largest simulated file (" + MAX_FILE_BYTES + " B)");
        }
    }

    synchronized long size(SimFile file) throws ErrnoException {
        Call call = new Call(OpKind.SIZE, file.path(), file.handle(), file.fileId(), 0, 0);
        call.throwIfIoError("fstat");
        call.cutIfMidOp();
        return call.ok(live.file(file.fileId()).size());
    }

    synchronized void allocate(SimFile file, long size) throws ErrnoException {
        checkOffset(size);
        Call call = new Call(OpKind.ALLOCATE, file.path(), file.handle(), file.fileId(), 0, size);
        call.throwIfIoError("fallocate");
        checkResize(call, file, size, "fallocate");
        FileImage image = live.file(file.fileId());
        if (call.context.needsSpace() && (call.is(Fault.NoSpace.class) || !hasSpaceFor(size - image.size()))) {
            throw call.fail(Errno.ENOSPC, "fallocate", "no space left on device");
        }
        if (size > image.size()) {
            image.truncate(size);
            pending.add(new PendingOp.Resize(call.number, file.path(), file.fileId(), size, true));
        }
        call.cutIfMidOp();
        call.ok(0);
    }

    synchronized SimMappedRegion map(SimFile file, long offset, int length) throws ErrnoException {
        checkOffset(offset);
        Call call = new Call(OpKind.MAP, file.path(), file.handle(), file.fileId(), offset, length);
        call.throwIfIoError("mmap");
        if (file.readOnly()) {
            throw call.fail(Errno.EACCES, "mmap", "opened read-only; mappings are read-write");
        }
        if (length <= 0 || offset + length > live.file(file.fileId()).size()) {
            throw call.fail(Errno.EINVAL, "mmap", "region [" + offset + ", " + (offset + length)
                    + ") outside the file of " + live.file(file.fileId()).size() + " bytes");
        }
        call.cutIfMidOp();
        openCounts.merge(file.fileId(), 1, Integer::sum); // a mapping keeps its file alive, as on POSIX
        call.ok(call.number);
        return new SimMappedRegion(this, file, call.number, offset, length);
    }

    /** Takes {@code file}'s lock for that handle; not a step (see "Locks" above). */
    synchronized void lock(SimFile file) throws ErrnoException {
        if (cutStep >= 0) {
            throw new PowerCutException(cutStep);
        }
        SimFile holder = lockHolders.get(file.fileId());
        if (holder == file) {
            throw new IllegalStateException("file " + file.path() + " (handle " + file.handle()
                    + ") holds its lock already");
        }
        if (file.readOnly()) {
            throw new ErrnoException(Errno.EBADF, "lock", file.path(), "opened read-only");
        }
        if (holder != null) {
            throw new FileLockedException(file.path(), "the handle of this disk opened at step " + holder.handle()
                    + " (as " + holder.path() + ")", OptionalLong.empty());
        }
        lockHolders.put(file.fileId(), file);
    }

    /** Releases {@code file}'s lock if that handle holds it; not a step. */
    synchronized void unlock(SimFile file) {
        lockHolders.remove(file.fileId(), file);
    }

    synchronized void close(SimFile file) {
        lockHolders.remove(file.fileId(), file); // the handle is gone, whatever the step below does
        Call call = new Call(OpKind.CLOSE, file.path(), file.handle(), file.fileId(), 0, 0);
        openCounts.merge(file.fileId(), -1, Integer::sum);
        call.cutIfMidOp();
        forgetUnreachableFiles();
        call.ok(0);
    }

    // ---------------------------------------------------------------- calls on mapped regions

    synchronized void mappedRead(SimMappedRegion region, int position, ByteBuffer dst) throws ErrnoException {
        Call call = new Call(OpKind.MAPPED_READ, region.file().path(), region.id(), region.file().fileId(),
                position, dst.remaining());
        FileImage image = live.file(region.file().fileId());
        long at = region.fileOffset() + position;
        if (at + dst.remaining() > image.size()) {
            throw call.fail(Errno.EFAULT, "load", "read past the end of the file through a mapping (SIGBUS)");
        }
        call.cutIfMidOp();
        call.ok(image.read(at, dst));
    }

    synchronized void mappedWrite(SimMappedRegion region, int position, ByteBuffer src) throws ErrnoException {
        byte[] data = new byte[src.remaining()];
        src.duplicate().get(data);
        SimFile file = region.file();
        Call call = new Call(OpKind.MAPPED_WRITE, file.path(), region.id(), file.fileId(), position, data.length);
        FileImage image = live.file(file.fileId());
        long at = region.fileOffset() + position;
        if (at + data.length > image.size()) {
            throw call.fail(Errno.EFAULT, "store", "write past the end of the file through a mapping (SIGBUS)",
                    null, List.of(), data);
        }
        long landsAt = call.fault instanceof Fault.MisdirectedWrite m ? at + m.shift() : at;
        image.write(at, data, 0, data.length);
        pending.add(new PendingOp.Write(call.number, file.path(), file.fileId(), landsAt, data, true, 0));
        if (call.cutMidOp()) {
            call.cutAndThrow(null, List.of(), data);
        }
        src.position(src.position() + data.length);
        call.record(null, List.of(), data, Outcome.ok(data.length));
    }

    /**
     * msync: the pending writes of the file that fall in the page-rounded range become durable,
     * clipped to the range; the parts outside stay pending. Size changes stay pending, as msync
     * promises data, not the size: an older pending truncate that survives a later cut can still
     * cut the file below bytes msync made durable (a program must sync the file after resizing).
     */
    synchronized void mappedSync(SimMappedRegion region, int position, int length) throws ErrnoException {
        SimFile file = region.file();
        Call call = new Call(OpKind.MAPPED_SYNC, file.path(), region.id(), file.fileId(), position, length);
        long page = FileImage.PAGE_SIZE;
        long from = (region.fileOffset() + position) / page * page;
        long to = ((region.fileOffset() + position + length + page - 1) / page) * page;
        call.cutIfMidOp();
        if (call.is(Fault.LyingSync.class)) {
            call.ok(0);
            return;
        }
        // Split the file's pending writes at the range's edges, so the part inside can go alone.
        List<PendingOp> split = new ArrayList<>(pending.size());
        List<Integer> inRange = new ArrayList<>();
        for (PendingOp op : pending) {
            if (op instanceof PendingOp.Write w && w.fileId() == file.fileId() && w.offset() < to && w.end() > from) {
                long cutFrom = Math.max(from, w.offset());
                long cutTo = Math.min(to, w.end());
                if (w.offset() < cutFrom) {
                    split.add(w.slice(w.offset(), cutFrom));
                }
                inRange.add(split.size());
                split.add(w.slice(cutFrom, cutTo));
                if (cutTo < w.end()) {
                    split.add(w.slice(cutTo, w.end()));
                }
            } else {
                split.add(op);
            }
        }
        pending.clear();
        pending.addAll(split);
        if (call.is(Fault.SyncError.class)) {
            dropWrites((i, op) -> inRange.contains(i));
            throw call.fail(Errno.EIO, "msync", "write-back failed, pending pages in range dropped");
        }
        makeDurable(inRange);
        call.ok(0);
    }

    synchronized void unmap(SimMappedRegion region) {
        Call call = new Call(OpKind.UNMAP, region.file().path(), region.id(), region.file().fileId(), 0, 0);
        call.cutIfMidOp();
        openCounts.merge(region.file().fileId(), -1, Integer::sum);
        forgetUnreachableFiles();
        call.ok(0);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Makes the pending operations at {@code chosen} (ascending indices) durable together with
     * every older pending operation they do not commute with, all in issue order, and removes
     * them from the pending list. Making a newer operation durable alone would let an older one
     * that conflicts with it (an overlapping write, a truncate, a create of the name a rename
     * replaces) reach the disk later and undo it: a state no disk can be in, and after the next
     * sync a durable file that differs from what the program wrote.
     */
    private void makeDurable(List<Integer> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        boolean[] take = new boolean[pending.size()];
        Map<Long, List<PendingOp>> takenData = new HashMap<>();
        Set<String> takenNames = new HashSet<>();
        int next = chosen.size() - 1;
        for (int i = pending.size() - 1; i >= 0; i--) {
            PendingOp op = pending.get(i);
            boolean chosenHere = next >= 0 && chosen.get(next) == i;
            if (chosenHere) {
                next--;
            }
            if (chosenHere || conflictsWithTaken(op, takenData, takenNames)) {
                take[i] = true;
                long fileId = dataFileId(op);
                if (fileId >= 0) {
                    takenData.computeIfAbsent(fileId, k -> new ArrayList<>()).add(op);
                } else {
                    takenNames.addAll(namesTouched(op));
                }
            }
        }
        List<PendingOp> rest = new ArrayList<>(pending.size());
        boolean namesChanged = false;
        for (int i = 0; i < pending.size(); i++) {
            if (take[i]) {
                pending.get(i).applyTo(durable);
                namesChanged |= !namesTouched(pending.get(i)).isEmpty();
            } else {
                rest.add(pending.get(i));
            }
        }
        pending.clear();
        pending.addAll(rest);
        if (namesChanged) {
            forgetUnreachableFiles(); // a durable delete may have cut the last way to a file
        }
    }

    /** Whether applying {@code older} after some taken (newer) op could give another state than in order. */
    private boolean conflictsWithTaken(PendingOp older, Map<Long, List<PendingOp>> takenData, Set<String> takenNames) {
        long fileId = dataFileId(older);
        if (fileId < 0) {
            return touchesAny(namesTouched(older), takenNames);
        }
        for (PendingOp newer : takenData.getOrDefault(fileId, List.of())) {
            if (dataConflict(older, newer, durableSize(fileId))) {
                return true;
            }
        }
        return false;
    }

    private long durableSize(long fileId) {
        FileImage image = durable.files.get(fileId);
        return image == null ? 0 : image.size();
    }

    /**
     * Whether two data ops of one file, {@code older} issued before {@code newer}, must reach the
     * disk in that order:
     * <ul>
     *   <li>writes to overlapping bytes;</li>
     *   <li>a truncate to {@code s} and a write or size change that reaches past {@code s}
     *       (the truncate would cut it, or it would regrow what the truncate cut); two truncates;</li>
     *   <li>a newer store through a mapping and an older op that grows the file past it: the store
     *       never changes the size, so without the growth its bytes would land past the end;</li>
     *   <li>on a device with safe append, a newer write that starts past the durable end and an older
     *       write below it that reaches past the durable end: the size only moves over landed data.</li>
     * </ul>
     * Everything else commutes: writes to other bytes, allocations (which only grow, with zeros).
     */
    private boolean dataConflict(PendingOp older, PendingOp newer, long durableSize) {
        if (newer instanceof PendingOp.Write store && store.mapped() && reach(older) > store.offset()) {
            return true;
        }
        if (older instanceof PendingOp.Write x && newer instanceof PendingOp.Write y) {
            boolean overlap = x.offset() < y.end() && y.offset() < x.end();
            boolean fillsGapBelow = config.diskModel().safeAppend() && y.offset() > durableSize
                    && x.offset() < y.offset() && reach(x) > durableSize;
            return overlap || fillsGapBelow;
        }
        if (isTruncate(older) && isTruncate(newer)) {
            return true;
        }
        if (isTruncate(older)) {
            return reach(newer) > ((PendingOp.Resize) older).size();
        }
        if (isTruncate(newer)) {
            return reach(older) > ((PendingOp.Resize) newer).size();
        }
        return false;
    }

    private static boolean isTruncate(PendingOp op) {
        return op instanceof PendingOp.Resize r && !r.growOnly();
    }

    /** How far into its file a data op reaches: the end of its bytes or of the size it sets. */
    private static long reach(PendingOp op) {
        if (op instanceof PendingOp.Write w) {
            return Math.max(w.end(), w.sizeEnd());
        }
        return op instanceof PendingOp.Resize r ? r.size() : 0;
    }

    /**
     * Whether an older op on {@code names} must reach the disk before newer ops on {@code taken}:
     * the same name, or a name inside a directory a newer op changed (a file moved out of a
     * directory before the directory is removed). An older mkdir and a newer create inside it
     * stay independent: a directory entry can reach the disk before its parent's does.
     */
    private static boolean touchesAny(List<String> names, Set<String> taken) {
        for (String name : names) {
            for (String path = name; !path.isEmpty(); path = VfsPaths.parent(path)) {
                if (taken.contains(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The paths a name op changes. */
    private static List<String> namesTouched(PendingOp op) {
        if (op instanceof PendingOp.Rename rename) {
            return List.of(rename.from(), rename.path());
        }
        if (op instanceof PendingOp.Link || op instanceof PendingOp.Unlink) {
            return List.of(op.path());
        }
        return List.of();
    }

    private static void checkOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset or size " + offset);
        }
    }

    /**
     * Drops the content and the pending data of files that nothing can reach any more: no live or
     * durable name, no open handle, no pending create. Without this a long run of create-and-delete would
     * keep every deleted file in memory and in every crash image.
     */
    private void forgetUnreachableFiles() {
        Set<Long> reachable = openFileIds();
        reachable.addAll(live.names.values());
        reachable.addAll(durable.names.values());
        for (PendingOp op : pending) {
            if (op instanceof PendingOp.Link l) {
                reachable.add(l.fileId()); // a create that may still survive a cut
            }
        }
        // Pending data of a file no name can ever lead to again cannot matter to any crash image.
        pending.removeIf(op -> dataFileId(op) >= 0 && !reachable.contains(dataFileId(op)));
        live.files.keySet().retainAll(reachable);
        durable.files.keySet().retainAll(reachable);
        openCounts.keySet().retainAll(reachable);
    }

    /** The files an open handle or a mapping still holds, as a new mutable set. */
    private Set<Long> openFileIds() {
        Set<Long> ids = new HashSet<>();
        openCounts.forEach((id, count) -> {
            if (count > 0) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Whether {@code extraBytes} more fit under the capacity, counting named and open files. */
    private boolean hasSpaceFor(long extraBytes) {
        if (config.capacityBytes() == Long.MAX_VALUE || extraBytes <= 0) {
            return true;
        }
        Set<Long> inUse = openFileIds();
        for (long id : live.names.values()) {
            if (id != DiskState.DIRECTORY) {
                inUse.add(id);
            }
        }
        long used = 0;
        for (long id : inUse) {
            used += live.file(id).size();
        }
        return used + extraBytes <= config.capacityBytes();
    }
}
