package dev.crashbench.torture.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest (or says it runs from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CrashbenchCli.class.getPackage().getImplementationVersion();
        return new String[] {"crashbench " + (version == null ? "(development build)" : version)};
    }
}
