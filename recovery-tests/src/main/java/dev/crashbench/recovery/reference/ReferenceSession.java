package dev.crashbench.recovery.reference;

import dev.crashbench.engine.CommitTicket;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.pager.SteppedCheckpoints;
import dev.crashbench.spi.CommitHandle;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.IntegrityIssue;
import dev.crashbench.spi.ReadView;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One opening of the reference engine's database; the key space is the table {@link #TABLE}. */
public final class ReferenceSession implements EngineSession {
    /** The table that holds the key space. */
    public static final String TABLE = "t";

    private final Database database;
    private final SteppedCheckpoints steps;
    private WriteTransaction transaction;
    private Table table;

    ReferenceSession(Database database, SteppedCheckpoints steps) {
        this.database = database;
        this.steps = steps;
    }

    /** The engine's own handle, for tests of the engine itself. */
    public Database database() {
        return database;
    }

    @Override
    public void create() throws IOException {
        transaction = database.beginWrite();
        table = transaction.createTable(TABLE);
    }

    @Override
    public void begin() throws IOException {
        transaction = database.beginWrite();
        table = transaction.table(TABLE);
    }

    @Override
    public void put(long key, byte[] value) throws IOException {
        table.put(key, value);
    }

    @Override
    public boolean delete(long key) throws IOException {
        return table.delete(key);
    }

    @Override
    public byte[] get(long key) throws IOException {
        return table.get(key);
    }

    @Override
    public void commit() throws IOException {
        WriteTransaction ending = end();
        ending.commit();
    }

    @Override
    public CommitHandle commitAsync() throws IOException {
        WriteTransaction ending = end();
        CommitTicket ticket = ending.commitAsync();
        return ticket::await;
    }

    @Override
    public void rollback() {
        end().rollback();
    }

    private WriteTransaction end() {
        if (transaction == null) {
            throw new IllegalStateException("no write transaction is open");
        }
        WriteTransaction ending = transaction;
        transaction = null;
        table = null;
        return ending;
    }

    @Override
    public void checkpoint() throws IOException {
        database.checkpoint();
    }

    @Override
    public ReadView beginRead() {
        return readView(database.beginRead());
    }

    /** {@code read} seen as a view of the key space, for code that opens the engine itself. */
    public static ReadView readView(ReadTransaction read) {
        return new ReferenceReadView(read);
    }

    @Override
    public List<IntegrityIssue> checkIntegrity() throws IOException {
        return database.checkIntegrity().stream().map(ReferenceSession::issue).toList();
    }

    private static IntegrityIssue issue(IntegrityProblem problem) {
        return new IntegrityIssue(problem.isCorruption() ? IntegrityIssue.Kind.CORRUPTION
                : IntegrityIssue.Kind.INCONSISTENCY, problem.description());
    }

    @Override
    public int stepBackgroundWork(int count) {
        return steps.advance(count);
    }

    /** Every {@link EngineEvent} counted so far, by its name, in {@link EngineEvent} order. */
    @Override
    public Map<String, Long> events() {
        Map<String, Long> named = new LinkedHashMap<>();
        database.events().snapshot().forEach((event, count) -> named.put(event.name(), count));
        return named;
    }

    @Override
    public boolean failed() {
        return database.failure() != null;
    }

    @Override
    public void close() throws IOException {
        transaction = null;
        table = null;
        database.close();
    }
}
