package io.topowatch.cli;

import picocli.CommandLine;

/** The version from the jar manifest ("dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = TopoWatch.class.getPackage().getImplementationVersion();
        return new String[] {"topowatch " + (v == null ? "dev" : v)};
    }
}
