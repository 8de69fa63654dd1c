package io.topowatch.spectrum.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads any supported file, choosing the reader by content and name: XDI when the first line is
 * {@code # XDI/…} or the name ends in {@code .xdi}; a Materials Project document when the name ends in
 * {@code .json} or the text starts with '{' or '['; otherwise a plain column file.
 */
public final class XasFiles {

    private XasFiles() {}

    /**
     * Reads the file with the reader its name and content call for.
     *
     * @throws IOException only when the file cannot be read (missing, a directory, unreadable, too large)
     */
    public static XasData read(Path file) throws IOException {
        return parse(file.toString(), TextInput.read(file));
    }

    /** Reads text named {@code source} with the reader its name and content call for. */
    public static XasData parse(String source, String text) {
        String name = source.toLowerCase(Locale.ROOT);
        String start = text.stripLeading();
        if (name.endsWith(".xdi") || start.regionMatches(true, 0, "#", 0, 1)
                && start.substring(1).stripLeading().regionMatches(true, 0, "XDI/", 0, 4)) {
            return XdiReader.parse(source, text);
        }
        if (name.endsWith(".json") || start.startsWith("{") || start.startsWith("[")) {
            return MaterialsProjectXasReader.parse(source, text);
        }
        return ColumnFileReader.parse(source, text, ColumnFileReader.Options.defaults());
    }
}
