package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.Table;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.IndexKey;
import dev.crashbench.engine.sql.Result;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.schema.ColumnDef;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.SchemaCodec;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * CREATE TABLE, DROP TABLE, CREATE [UNIQUE] INDEX and DROP INDEX. Each one changes the engine
 * catalog (creating or dropping trees) and the SQL schema table in the statement's transaction
 * and bumps the schema cookie, so DDL commits, rolls back and survives a crash like any write.
 */
final class DdlPlans {
    private DdlPlans() {
    }

    /** A DDL plan: runs, then leaves the new schema in the context. */
    abstract static class DdlPlan implements Plan {
        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public int parameterCount() {
            return 0;
        }
    }

    static void checkNewName(Schema schema, String name) throws SQLException {
        if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            throw SqlErrors.syntax("object name reserved for internal use: " + name);
        }
        checkFree(schema, name);
    }

    /** Tables and indexes share one namespace. */
    static void checkFree(Schema schema, String name) throws SQLException {
        if (schema.table(name) != null) {
            throw SqlErrors.tableExists(name);
        }
        if (schema.index(name) != null) {
            throw SqlErrors.indexExists(name);
        }
    }

    private static Schema bump(ExecContext context, Schema schema, List<TableDef> tables, List<IndexDef> indexes)
            throws IOException {
        long cookie = schema.cookie() + 1;
        context.putSchema(SchemaCodec.COOKIE_KEY, SchemaCodec.encodeCookie(cookie));
        return new Schema(cookie, tables, indexes);
    }

    static final class CreateTablePlan extends DdlPlan {
        private final TableDef table;
        private final List<IndexDef> uniqueIndexes;
        private final boolean ifNotExists;

        CreateTablePlan(CreateTable create, Schema schema, String sql) throws SQLException {
            if (create.getSelect() != null || create.getLikeTable() != null || create.isOrReplace()
                    || create.getTableOptionsStrings() != null && !create.getTableOptionsStrings().isEmpty()
                    || create.getCreateOptionsStrings() != null && !create.getCreateOptionsStrings().isEmpty()) {
                throw SqlErrors.unsupported("this CREATE TABLE form (AS SELECT/LIKE/TEMP/WITHOUT ROWID/STRICT/options)");
            }
            if (create.getColumnDefinitions() == null || create.getColumnDefinitions().isEmpty()) {
                throw SqlErrors.syntax("CREATE TABLE needs at least one column");
            }
            if (create.getTable().getSchemaName() != null) {
                throw SqlErrors.unsupported("schema-qualified table names");
            }
            String name = create.getTable().getUnquotedName();
            this.ifNotExists = create.isIfNotExists();
            List<ColumnDef> columns = new ArrayList<>();
            List<List<String>> uniqueColumns = new ArrayList<>();
            int primaryKey = -1;
            for (ColumnDefinition definition : create.getColumnDefinitions()) {
                String column = SelectPlan.unquote(definition.getColumnName());
                for (ColumnDef c : columns) {
                    if (c.name().equalsIgnoreCase(column)) {
                        throw SqlErrors.syntax("duplicate column name: " + column);
                    }
                }
                String type = definition.getColDataType() == null ? "" : definition.getColDataType().toString()
                        .replace(" (", "(");
                boolean notNull = false;
                boolean pk = false;
                boolean hasDefault = false;
                Object defaultValue = null;
                List<String> specs = definition.getColumnSpecs() == null ? List.of() : definition.getColumnSpecs();
                for (int i = 0; i < specs.size(); i++) {
                    String spec = specs.get(i).toUpperCase(Locale.ROOT);
                    if (spec.equals("NOT") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("NULL")) {
                        notNull = true;
                        i++;
                    } else if (spec.equals("NULL")) {
                        continue;
                    } else if (spec.equals("PRIMARY") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("KEY")) {
                        pk = true;
                        i++;
                        if (i + 1 < specs.size() && (specs.get(i + 1).equalsIgnoreCase("ASC"))) {
                            i++;
                        }
                        if (i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("AUTOINCREMENT")) {
                            throw SqlErrors.unsupported("AUTOINCREMENT");
                        }
                    } else if (spec.equals("UNIQUE")) {
                        uniqueColumns.add(List.of(column));
                    } else if (spec.equals("DEFAULT") && i + 1 < specs.size()) {
                        hasDefault = true;
                        defaultValue = constant(specs.get(++i));
                    } else {
                        throw SqlErrors.unsupported("column constraint " + String.join(" ", specs.subList(i, specs.size())));
                    }
                }
                if (pk) {
                    if (primaryKey >= 0) {
                        throw SqlErrors.syntax("table " + name + " has more than one primary key");
                    }
                    if (!type.equalsIgnoreCase("INTEGER")) {
                        throw SqlErrors.unsupported("PRIMARY KEY on a column not declared INTEGER (use INTEGER PRIMARY KEY, or UNIQUE)");
                    }
                    primaryKey = columns.size();
                }
                columns.add(new ColumnDef(column, type, Affinity.ofDeclaredType(type), notNull, pk, hasDefault, defaultValue));
            }
            if (create.getIndexes() != null) {
                for (Index index : create.getIndexes()) {
                    String kind = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
                    List<String> names = new ArrayList<>();
                    for (String n : index.getColumnsNames()) {
                        names.add(SelectPlan.unquote(n));
                    }
                    if (kind.equals("PRIMARY KEY") && names.size() == 1) {
                        int c = indexOf(columns, names.get(0));
                        if (c < 0) {
                            throw SqlErrors.noSuchColumn(names.get(0));
                        }
                        ColumnDef old = columns.get(c);
                        if (primaryKey >= 0 || !old.declaredType().equalsIgnoreCase("INTEGER")) {
                            throw SqlErrors.unsupported("this PRIMARY KEY (only one INTEGER column can be the key)");
                        }
                        primaryKey = c;
                        columns.set(c, new ColumnDef(old.name(), old.declaredType(), old.affinity(), old.notNull(), true,
                                old.hasDefault(), old.defaultValue()));
                    } else if (kind.equals("UNIQUE")) {
                        uniqueColumns.add(names);
                    } else {
                        throw SqlErrors.unsupported("table constraint " + index);
                    }
                }
            }
            this.table = new TableDef(schema.nextId(), name, columns, primaryKey, sql);
            List<IndexDef> unique = new ArrayList<>();
            long id = table.id() + 1;
            for (List<String> names : uniqueColumns) {
                unique.add(new IndexDef(id, "sqlite_autoindex_" + name + "_" + (unique.size() + 1), name,
                        columnNumbers(table, names), true, ""));
                id++;
            }
            this.uniqueIndexes = unique;
        }

        private static int indexOf(List<ColumnDef> columns, String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** A DEFAULT value: a literal, NULL, or a parenthesized constant expression. */
        private static Object constant(String text) throws SQLException {
            Expr e;
            try {
                e = new ExprCompiler(new Scope(), new ExprCompiler.Parameters(), null).compile(CCJSqlParserUtil.parseExpression(text));
            } catch (JSQLParserException ex) {
                throw SqlErrors.syntax("cannot read DEFAULT " + text);
            }
            if (!e.isRowIndependent() || e instanceof dev.crashbench.engine.sql.expr.Exprs.Param) {
                throw SqlErrors.syntax("DEFAULT must be a constant: " + text);
            }
            return e.eval(null, new Object[0]);
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            Schema schema = context.schema();
            if (ifNotExists && (schema.table(table.name()) != null)) {
                return Result.update(0);
            }
            checkNewName(schema, table.name());
            TableDef def = new TableDef(schema.nextId(), table.name(), table.columns(), table.primaryKey(), table.sql());
            context.createTableTree(def.treeName());
            context.putSchema(def.id(), SchemaCodec.encodeTable(def));
            List<IndexDef> indexes = new ArrayList<>(schema.indexes());
            long id = def.id() + 1;
            for (IndexDef u : uniqueIndexes) {
                IndexDef index = new IndexDef(id++, u.name(), def.name(), u.columns(), true, "");
                checkFree(schema, index.name());
                context.createKeySetTree(index.treeName());
                context.putSchema(index.id(), SchemaCodec.encodeIndex(index));
                indexes.add(index);
            }
            List<TableDef> tables = new ArrayList<>(schema.tables());
            tables.add(def);
            context.setSchema(bump(context, schema, tables, indexes));
            return Result.update(0);
        }

        @Override
        public List<String> explain() {
            return List.of("CREATE TABLE " + table.name() + (uniqueIndexes.isEmpty() ? "" : " WITH " + uniqueIndexes.size()
                    + " UNIQUE INDEX(ES)"));
        }
    }

    static int[] columnNumbers(TableDef table, List<String> names) throws SQLException {
        if (names.isEmpty() || names.size() > IndexKey.MAX_COLUMNS) {
            throw SqlErrors.unsupported("an index of " + names.size() + " columns (1.." + IndexKey.MAX_COLUMNS + ")");
        }
        int[] columns = new int[names.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = table.columnIndex(names.get(i));
            if (columns[i] < 0) {
                throw SqlErrors.noSuchColumn(table.name() + "." + names.get(i));
            }
        }
        return columns;
    }

    static final class DropTablePlan extends DdlPlan {
        private final String name;
        private final boolean ifExists;

        DropTablePlan(Drop drop) {
            this.name = drop.getName().getUnquotedName();
            this.ifExists = drop.isIfExists();
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            Schema schema = context.schema();
            TableDef table = schema.table(name);
            if (table == null) {
                if (ifExists) {
                    return Result.update(0);
                }
                throw SqlErrors.noSuchTable(name);
            }
            List<IndexDef> dropped = schema.indexesOf(table.name());
            for (IndexDef index : dropped) {
                context.deleteSchema(index.id());
            }
            context.deleteSchema(table.id());
            List<TableDef> tables = new ArrayList<>(schema.tables());
            tables.remove(table);
            List<IndexDef> indexes = new ArrayList<>(schema.indexes());
            indexes.removeAll(dropped);
            Schema after = bump(context, schema, tables, indexes);
            // Nothing after this point can fail but I/O, which ends the whole transaction.
            for (IndexDef index : dropped) {
                context.dropTree(index.treeName(), true);
            }
            context.dropTree(table.treeName(), false);
            context.setSchema(after);
            return Result.update(0);
        }

        @Override
        public List<String> explain() {
            return List.of("DROP TABLE " + name);
        }
    }

    static final class CreateIndexPlan extends DdlPlan {
        private final String name;
        private final String table;
        private final List<String> columns;
        private final boolean unique;
        private final boolean ifNotExists;
        private final String sql;

        CreateIndexPlan(CreateIndex create, String sql) throws SQLException {
            Index index = create.getIndex();
            String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
            if (!type.isEmpty() && !type.equals("UNIQUE") || index.getUsing() != null
                    || create.getTailParameters() != null && !create.getTailParameters().isEmpty()) {
                throw SqlErrors.unsupported("this CREATE INDEX form");
            }
            this.name = SelectPlan.unquote(index.getName());
            this.table = create.getTable().getUnquotedName();
            this.unique = type.equals("UNIQUE");
            this.ifNotExists = create.isUsingIfNotExists();
            List<String> names = new ArrayList<>();
            for (Index.ColumnParams c : index.getColumns()) {
                if (c.getParams() != null) {
                    for (String p : c.getParams()) {
                        if (!p.equalsIgnoreCase("ASC") && !p.equalsIgnoreCase("DESC")) {
                            throw SqlErrors.unsupported("index column option " + p);
                        }
                    }
                }
                names.add(SelectPlan.unquote(c.getColumnName()));
            }
            this.columns = names;
            this.sql = sql;
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            Schema schema = context.schema();
            if (ifNotExists && schema.index(name) != null) {
                return Result.update(0);
            }
            TableDef def = schema.table(table);
            if (def == null) {
                throw SqlErrors.noSuchTable(table);
            }
            checkNewName(schema, name);
            IndexDef index = new IndexDef(schema.nextId(), name, def.name(), columnNumbers(def, columns), unique, sql);
            context.createKeySetTree(index.treeName());
            context.putSchema(index.id(), SchemaCodec.encodeIndex(index));
            List<Object[]> rows = new ArrayList<>();
            Table t = context.table(def);
            Cursor cursor = t.scan();
            while (cursor.next()) {
                long rowId = cursor.key();
                Object[] values = context.decode(def, rowId, cursor.value());
                rows.add(new Object[] {rowId, values});
            }
            for (Object[] entry : rows) {
                long rowId = (Long) entry[0];
                Object[] values = RowWriter.indexValues(index, (Object[]) entry[1]);
                if (unique && RowWriter.conflict(context, def, index, values, rowId)) {
                    throw SqlErrors.unique("cannot create unique index " + name + ": table " + def.name()
                            + " has duplicate values");
                }
                context.addKey(index, IndexKey.entry(values, rowId));
            }
            List<IndexDef> indexes = new ArrayList<>(schema.indexes());
            indexes.add(index);
            context.setSchema(bump(context, schema, new ArrayList<>(schema.tables()), indexes));
            return Result.update(0);
        }

        @Override
        public List<String> explain() {
            return List.of("SCAN " + table, "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + name);
        }
    }

    static final class DropIndexPlan extends DdlPlan {
        private final String name;
        private final boolean ifExists;

        DropIndexPlan(Drop drop) {
            this.name = drop.getName().getUnquotedName();
            this.ifExists = drop.isIfExists();
        }

        @Override
        public Result run(ExecContext context) throws IOException, SQLException {
            Schema schema = context.schema();
            IndexDef index = schema.index(name);
            if (index == null) {
                if (ifExists) {
                    return Result.update(0);
                }
                throw SqlErrors.noSuchIndex(name);
            }
            if (index.name().toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex_")) {
                throw SqlErrors.syntax("index associated with UNIQUE constraint cannot be dropped: " + name);
            }
            context.deleteSchema(index.id());
            List<IndexDef> indexes = new ArrayList<>(schema.indexes());
            indexes.remove(index);
            Schema after = bump(context, schema, new ArrayList<>(schema.tables()), indexes);
            context.dropTree(index.treeName(), true);
            context.setSchema(after);
            return Result.update(0);
        }

        @Override
        public List<String> explain() {
            return List.of("DROP INDEX " + name);
        }
    }
}
