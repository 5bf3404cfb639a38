package dev.crashbench.engine.sql;

import dev.crashbench.engine.CommitTicket;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.Transaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.SchemaCodec;
import dev.crashbench.engine.sql.schema.TableDef;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The SQL layer over one engine {@link Database}: the schema cache and the commit stamp that
 * every {@link SqlSession} on this database shares. Thread-safe; each session is used by one
 * thread at a time.
 *
 * <p>The schema lives in the engine table {@link SchemaCodec#TREE}; a transaction finds its schema
 * by reading the cookie there (one lookup) and reuses the cached schema when the cookie matches.
 * Committed cookies strictly increase (write transactions are serial and each DDL adds one), so a
 * cookie names exactly one committed schema; schemas of uncommitted DDL are never cached.
 */
public final class SqlDatabase implements AutoCloseable {
    private final Database database;
    private final Object commitLock = new Object();
    /** Commits whose frames are appended: the next writer builds on them. */
    private long appended;
    /** Commits acknowledged (durable and visible to new snapshots). */
    private long acknowledged;
    private volatile Schema cached;

    public SqlDatabase(Database database) {
        this.database = database;
    }

    public static SqlDatabase open(Vfs vfs, String path, EngineOptions options) throws IOException {
        return new SqlDatabase(Database.open(vfs, path, options));
    }

    public Database engine() {
        return database;
    }

    public SqlSession session() {
        return new SqlSession(this);
    }

    /**
     * The committed schema as {@code transaction} sees it, its cookie read into {@code cookieBuffer}
     * and checked with {@code crc}: a session's own, so that finding the schema of a statement
     * makes no garbage while the schema stays as it is.
     */
    Schema schema(Transaction transaction, byte[] cookieBuffer, CRC32C crc) throws IOException {
        if (!transaction.hasTable(SchemaCodec.TREE)) {
            return Schema.empty();
        }
        Table table = transaction.table(SchemaCodec.TREE);
        int cookieLength = table.get(SchemaCodec.COOKIE_KEY, cookieBuffer, 0);
        long cookie = cookieLength < 0 ? 0 : SchemaCodec.decodeCookie(cookieBuffer, cookieLength, crc);
        Schema current = cached;
        if (current != null && current.cookie() == cookie) {
            return current;
        }
        List<TableDef> tables = new ArrayList<>();
        List<IndexDef> indexes = new ArrayList<>();
        Cursor cursor = table.scan(SchemaCodec.COOKIE_KEY + 1, Long.MAX_VALUE);
        while (cursor.next()) {
            Object object = SchemaCodec.decode(cursor.key(), cursor.value());
            if (object instanceof TableDef) {
                tables.add((TableDef) object);
            } else {
                indexes.add((IndexDef) object);
            }
        }
        Schema loaded = new Schema(cookie, tables, indexes);
        cached = loaded;
        return loaded;
    }

    /**
     * How many write transactions were acknowledged through this object; read before a snapshot
     * begins: the snapshot holds at least that many (commits become visible in order, each before
     * its acknowledgement).
     */
    long readStamp() {
        synchronized (commitLock) {
            return acknowledged;
        }
    }

    /**
     * How many write transactions appended their commit through this object; read with the writer
     * lock held, and compared with the {@link #readStamp} of the transaction's snapshot: when they
     * differ, the writer would build on a commit its snapshot did not see. Without group commit the
     * two stamps move together.
     */
    long writeStamp() {
        synchronized (commitLock) {
            return appended;
        }
    }

    /**
     * Commits and counts the commit: its first half (the append, which releases the writer lock)
     * is counted in one step with it, so a writer that checks the stamp after taking the writer lock
     * cannot miss a commit that has released the lock but not yet been counted. The second half,
     * the wait for durability, runs outside the count's lock, so that with group commit the commits
     * of several connections can wait for one sync together.
     */
    void commit(WriteTransaction transaction, Schema schemaAfter) throws IOException {
        CommitTicket ticket;
        boolean durable;
        synchronized (commitLock) {
            ticket = transaction.commitAsync();
            appended++;
            durable = ticket.isDurable(); // always, without group commit: the stamps move together
            if (durable) {
                acknowledged++;
            }
            if (schemaAfter != null) {
                cached = schemaAfter;
            }
        }
        ticket.await(); // returns at once when durable
        if (!durable) {
            synchronized (commitLock) {
                acknowledged++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        database.close();
    }
}
