package dev.crashbench.engine.sql.schema;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.RowCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The SQL schema as rows of the engine table {@link #TREE}: key 0 holds the schema cookie, every
 * other key one table or index. The schema is written inside the transaction that runs the DDL,
 * so it commits, rolls back and survives crashes with the data. Each record is checksummed so
 * that a damaged schema is reported, never half read.
 *
 * <table>
 *   <caption>Schema cookie, key 0 (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>schema format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>1</td><td>8</td><td>cookie: incremented by every committed DDL statement, so a cached schema or a
 *       prepared plan can tell it is current with one lookup</td></tr>
 *   <tr><td>9</td><td>4</td><td>CRC32C of bytes 0..8</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Schema object, key = object id (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>schema format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>1</td><td>1</td><td>kind: {@link #KIND_TABLE} or {@link #KIND_INDEX}</td></tr>
 *   <tr><td>2</td><td>...</td><td>name (u16 length, UTF-8), then the SQL text that created it (u32 length, UTF-8), then:
 *       a table's column count (u16) and per column its name and declared type (u16 length, UTF-8 each),
 *       flags (u8: 1 NOT NULL, 2 INTEGER PRIMARY KEY, 4 has DEFAULT) and, with a DEFAULT, the value as a
 *       one-column {@link RowCodec} row (u32 length, bytes); or an index's table name (u16 length, UTF-8),
 *       unique flag (u8), column count (u16) and column numbers (u16 each)</td></tr>
 *   <tr><td>end-4</td><td>4</td><td>CRC32C of every byte before it</td></tr>
 * </table>
 */
public final class SchemaCodec {
    /** The engine table holding the schema. */
    public static final String TREE = "sql:schema";
    public static final int FORMAT_VERSION = 1;
    public static final long COOKIE_KEY = 0;
    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_COOKIE = 1;
    public static final int OFFSET_COOKIE_CHECKSUM = 9;
    public static final int COOKIE_SIZE = 13;
    public static final int OFFSET_KIND = 1;
    public static final int OFFSET_NAME = 2;
    public static final byte KIND_TABLE = 1;
    public static final byte KIND_INDEX = 2;
    private static final int FLAG_NOT_NULL = 1;
    private static final int FLAG_PRIMARY_KEY = 2;
    private static final int FLAG_DEFAULT = 4;

    private SchemaCodec() {
    }

    public static byte[] encodeCookie(long cookie) {
        ByteBuffer out = ByteBuffer.allocate(COOKIE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) FORMAT_VERSION).putLong(cookie);
        out.putInt(crc(out.array(), OFFSET_COOKIE_CHECKSUM));
        return out.array();
    }

    public static long decodeCookie(byte[] value) throws CorruptDatabaseException {
        return decodeCookie(value, value.length, new CRC32C());
    }

    /**
     * The cookie in the first {@code length} bytes of {@code value}, checked with {@code crc}
     * (reset first): every statement reads the cookie, so a session keeps the buffer and the
     * checksum, and the bytes are read in place.
     */
    public static long decodeCookie(byte[] value, int length, CRC32C crc) throws CorruptDatabaseException {
        if (length != COOKIE_SIZE || value[OFFSET_VERSION] != FORMAT_VERSION) {
            throw corrupt("schema cookie is malformed");
        }
        crc.reset();
        crc.update(value, 0, OFFSET_COOKIE_CHECKSUM);
        if (PageBytes.getInt(value, OFFSET_COOKIE_CHECKSUM) != (int) crc.getValue()) {
            throw corrupt("schema cookie checksum mismatch");
        }
        return PageBytes.getLong(value, OFFSET_COOKIE);
    }

    public static byte[] encodeTable(TableDef table) {
        Writer w = new Writer(KIND_TABLE, table.name(), table.sql());
        w.u16(table.columnCount());
        for (ColumnDef c : table.columns()) {
            w.string16(c.name());
            w.string16(c.declaredType());
            w.u8((c.notNull() ? FLAG_NOT_NULL : 0) | (c.primaryKey() ? FLAG_PRIMARY_KEY : 0) | (c.hasDefault() ? FLAG_DEFAULT : 0));
            if (c.hasDefault()) {
                w.bytes32(RowCodec.encode(new Object[] {c.defaultValue()}));
            }
        }
        return w.finish();
    }

    public static byte[] encodeIndex(IndexDef index) {
        Writer w = new Writer(KIND_INDEX, index.name(), index.sql());
        w.string16(index.table());
        w.u8(index.unique() ? 1 : 0);
        w.u16(index.columnCount());
        for (int c : index.columns()) {
            w.u16(c);
        }
        return w.finish();
    }

    /** Decodes a schema object into a {@link TableDef} or an {@link IndexDef}. */
    public static Object decode(long id, byte[] value) throws CorruptDatabaseException {
        if (value.length < OFFSET_NAME + 4) {
            throw corrupt("schema object " + id + " is too short");
        }
        if (ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt(value.length - 4) != crc(value, value.length - 4)) {
            throw corrupt("schema object " + id + " checksum mismatch");
        }
        if (value[OFFSET_VERSION] != FORMAT_VERSION) {
            throw corrupt("schema object " + id + " has format version " + value[OFFSET_VERSION]);
        }
        ByteBuffer in = ByteBuffer.wrap(value, 0, value.length - 4).order(ByteOrder.LITTLE_ENDIAN);
        in.position(OFFSET_NAME);
        try {
            String name = string16(in);
            String sql = new String(bytes32(in), StandardCharsets.UTF_8);
            if (value[OFFSET_KIND] == KIND_TABLE) {
                int n = in.getShort() & 0xffff;
                List<ColumnDef> columns = new ArrayList<>();
                int primaryKey = -1;
                for (int i = 0; i < n; i++) {
                    String column = string16(in);
                    String type = string16(in);
                    int flags = in.get() & 0xff;
                    Object defaultValue = null;
                    if ((flags & FLAG_DEFAULT) != 0) {
                        defaultValue = RowCodec.decode(bytes32(in), 1, "schema object " + id)[0];
                    }
                    boolean pk = (flags & FLAG_PRIMARY_KEY) != 0;
                    if (pk) {
                        primaryKey = i;
                    }
                    columns.add(new ColumnDef(column, type, Affinity.ofDeclaredType(type), (flags & FLAG_NOT_NULL) != 0, pk,
                            (flags & FLAG_DEFAULT) != 0, defaultValue));
                }
                check(in, id);
                return new TableDef(id, name, columns, primaryKey, sql);
            }
            if (value[OFFSET_KIND] == KIND_INDEX) {
                String table = string16(in);
                boolean unique = in.get() != 0;
                int n = in.getShort() & 0xffff;
                int[] columns = new int[n];
                for (int i = 0; i < n; i++) {
                    columns[i] = in.getShort() & 0xffff;
                }
                check(in, id);
                return new IndexDef(id, name, table, columns, unique, sql);
            }
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt("schema object " + id + " is malformed: " + e);
        }
        throw corrupt("schema object " + id + " has kind " + value[OFFSET_KIND]);
    }

    private static void check(ByteBuffer in, long id) throws CorruptDatabaseException {
        if (in.hasRemaining()) {
            throw corrupt("schema object " + id + " has " + in.remaining() + " bytes after its fields");
        }
    }

    private static String string16(ByteBuffer in) {
        int n = in.getShort() & 0xffff;
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes32(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("length " + n);
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static CorruptDatabaseException corrupt(String detail) {
        return new CorruptDatabaseException(TREE, CorruptDatabaseException.NO_PAGE, detail);
    }

    private static final class Writer {
        private ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        Writer(byte kind, String name, String sql) {
            u8(FORMAT_VERSION);
            u8(kind);
            string16(name);
            bytes32(sql.getBytes(StandardCharsets.UTF_8));
        }

        private void room(int n) {
            if (out.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
        }

        void u8(int v) {
            room(1);
            out.put((byte) v);
        }

        void u16(int v) {
            if (v > 0xffff) {
                throw new IllegalArgumentException("too long for a u16: " + v);
            }
            room(2);
            out.putShort((short) v);
        }

        void string16(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u16(b.length);
            room(b.length);
            out.put(b);
        }

        void bytes32(byte[] b) {
            room(4 + b.length);
            out.putInt(b.length).put(b);
        }

        byte[] finish() {
            room(4);
            int crc = crc(out.array(), out.position());
            out.putInt(crc);
            return java.util.Arrays.copyOf(out.array(), out.position());
        }
    }
}
