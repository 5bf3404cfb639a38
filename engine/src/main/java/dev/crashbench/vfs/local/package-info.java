/**
 * The real {@link dev.crashbench.vfs.Vfs}: {@link dev.crashbench.vfs.local.LocalVfs}, files in a
 * directory of the local file system.
 *
 * <h2>What it promises</h2>
 * Exactly what the kernel promises, no more: a write is durable once {@code fdatasync}/{@code fsync}
 * (or an {@code O_DSYNC} write) returns, a create/rename/delete once the parent directory was
 * synced. It adds no caching, no retries after failures (other than {@code EINTR}) and no sync
 * of its own: {@code close} never syncs. Every OS failure is an
 * {@link dev.crashbench.vfs.ErrnoException} keeping the errno, so the engine can tell a full disk
 * from a media error. It does not fail-stop: after a failed sync the next call goes to the kernel
 * again (which on Linux may then report success for pages it already dropped); remembering the
 * first failure is the engine's job.
 *
 * <h2>Backends</h2>
 * {@link dev.crashbench.vfs.local.Backend#JNA} calls libc by JNA direct mapping;
 * {@link dev.crashbench.vfs.local.Backend#NIO} uses {@code FileChannel}. Both sit behind the
 * package-private {@code LocalIo}; {@code LocalFile} does the checks they share (closed handle,
 * read-only handle, offsets, map bounds) once. The choice is made per {@code LocalVfs}, never
 * silently: asking for JNA where it does not load is an error.
 *
 * <h2>Where to run it</h2>
 * On a real disk. On tmpfs or ramfs every sync is a no-op and a crash loses everything, so
 * durability tests prove nothing there; {@link dev.crashbench.vfs.local.FileSystemType} tells.
 */
package dev.crashbench.vfs.local;
