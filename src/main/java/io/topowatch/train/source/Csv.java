package io.topowatch.train.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small RFC 4180 reader: comma-separated, fields optionally in double quotes (a doubled quote inside is a
 * quote; commas inside quotes are data), one record per line (a quoted field may not span lines), first line
 * the header, blank lines and lines starting with '#' skipped. Each row keeps its 1-based line number.
 */
final class Csv {

    /** One data row: its line in the file and its fields by header name. */
    record Row(int line, Map<String, String> fields) {
        String get(String column) {
            String v = fields.get(column);
            return v == null ? "" : v.strip();
        }
    }

    /** The header (names stripped, in file order) and the rows. */
    record Table(Path file, List<String> header, List<Row> rows) {}

    private Csv() {}

    /** Reads {@code file}; malformed lines become problems ({@code file:line: …}) and are skipped. */
    static Table read(Path file, List<String> problems) throws IOException {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": no such file, expected a CSV file");
            return new Table(file, List.of(), List.of());
        }
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(text);
                if (fields == null) {
                    problems.add(file + ":" + line + ": unbalanced double quote, expected a quoted field to end on "
                            + "its line");
                    continue;
                }
                if (header == null) {
                    header = fields.stream().map(String::strip).toList();
                    continue;
                }
                if (fields.size() != header.size()) {
                    problems.add(file + ":" + line + ": " + fields.size() + " fields, expected " + header.size()
                            + " as in the header");
                    continue;
                }
                Map<String, String> byName = new TreeMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    byName.put(header.get(i), fields.get(i));
                }
                rows.add(new Row(line, byName));
            }
        } catch (java.nio.charset.MalformedInputException e) {
            problems.add(file + ": not UTF-8 text, expected a CSV file");
        }
        if (header == null) {
            problems.add(file + ": empty, expected a header line and one row per material");
            return new Table(file, List.of(), List.of());
        }
        return new Table(file, header, rows);
    }

    /** The first header name (compared ignoring case, '_', '-' and spaces) among {@code names}, or null. */
    static String column(List<String> header, String... names) {
        for (String name : names) {
            for (String h : header) {
                if (key(h).equals(key(name))) {
                    return h;
                }
            }
        }
        return null;
    }

    private static String key(String name) {
        return name.replaceAll("[_\\- ]", "").toLowerCase(Locale.ROOT);
    }

    /** The fields of one line, or null when a quote is left open. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(field.toString());
        return out;
    }
}
