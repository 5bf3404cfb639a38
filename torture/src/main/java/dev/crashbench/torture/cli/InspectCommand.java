package dev.crashbench.torture.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crashbench.torture.inspect.FileKind;
import dev.crashbench.torture.inspect.Inspection;
import dev.crashbench.torture.inspect.Inspector;
import dev.crashbench.torture.inspect.NotInspectableException;
import dev.crashbench.torture.inspect.TextReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crashbench inspect PATH}: a database or WAL file's headers, pages or frames, and where recovery stops. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print a database or WAL file of the reference engine, told apart by its magic: the header "
                + "fields and whether their checksum verifies; for a database, optionally every page's type and "
                + "trailer checksum; for a WAL, one line per frame slot (page id, commit marker, salt, commit "
                + "sequence, append epoch, whether the checksum continues the chain) and where recovery would stop, "
                + "computed by the engine's own recovery scan.",
                "Opens the file read-only; never creates, writes or repairs anything."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the file was read and printed (damage in it is reported, not an error)",
                "2:bad usage, or PATH is missing, unreadable, too short, or not a crashbench database or WAL file",
                "3:internal error"})
public final class InspectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "The database file (e.g. app.db) or its WAL (app.db-wal).")
    Path path;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--pages", description = "For a database file, list every page.")
    boolean pages;

    @Option(names = "--limit", paramLabel = "N",
            description = "List at most the first N frame slots or pages (default: all). Recovery's verdict "
                    + "always covers the whole file.")
    long limit = Long.MAX_VALUE;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Read the file as ${COMPLETION-CANDIDATES} whatever its magic (a damaged header); "
                    + "default: by the magic.")
    FileKind kind;

    @Override
    public Integer call() throws JsonProcessingException {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 0");
        }
        Inspection inspection;
        try {
            inspection = Inspector.inspect(path, new Inspector.Options(kind, pages, limit));
        } catch (NotInspectableException e) {
            spec.commandLine().getErr().println("crashbench inspect: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            spec.commandLine().getOut().println(mapper.writeValueAsString(inspection));
            spec.commandLine().getOut().flush();
        } else {
            TextReport.print(inspection, spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
