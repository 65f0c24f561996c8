package io.hexmirror.generation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of the files under {@code .hexmirror/} that hold generations: a comment, then
 * {@code name=value} lines; a journal adds a blank line and one line per entry,
 * {@code + SHA256 SIZE PATH} for a file present and {@code - PATH} for a file removed. Paths are
 * storage keys, which hold no line breaks, and come last on their line, so spaces in them are safe.
 */
final class BookkeepingFormat {
    static final int FORMAT = 1;

    private BookkeepingFormat() {
    }

    static String generationText(Generation g) {
        return "# hexmirror: this mirror's current generation (see 'hexmirror status'). Do not edit.\n"
                + header(g);
    }

    static Generation parseGeneration(String text, String where) throws IOException {
        return generation(fields(text, where), where);
    }

    static String pendingText(PendingChange p) {
        StringBuilder out = new StringBuilder("# hexmirror: a change to this mirror is running, or stopped before it was recorded.\n"
                + "format=" + FORMAT + "\n"
                + "operation=" + p.operation() + "\n"
                + "base-generation=" + p.baseGeneration() + "\n"
                + "started-at=" + p.startedAt() + "\n");
        // The generation being imported, under the same names as in a generation file, prefixed.
        p.importing().ifPresent(g -> header(g).lines().forEach(line -> out.append("importing-").append(line).append('\n')));
        return out.toString();
    }

    static PendingChange parsePending(String text, String where) throws IOException {
        Fields f = fields(text, where);
        Optional<Generation> importing = Optional.empty();
        if (f.map.containsKey("importing-generation")) {
            Map<String, String> inner = new LinkedHashMap<>();
            f.map.forEach((k, v) -> {
                if (k.startsWith("importing-")) {
                    inner.put(k.substring("importing-".length()), v);
                }
            });
            importing = Optional.of(generation(new Fields(inner, where), where));
        }
        try {
            return new PendingChange(f.required("operation"), f.number("base-generation"), f.instant("started-at"), importing);
        } catch (IllegalArgumentException e) {
            throw f.malformed(e.getMessage());
        }
    }

    static void writeJournal(Journal journal, Writer out) throws IOException {
        out.write("# hexmirror journal: what one generation changed. Do not edit.\n");
        out.write(header(journal.generation()));
        out.write("base=" + journal.base() + "\n\n");
        for (JournalEntry e : journal.entries()) {
            out.write(e.deleted() ? "- " + e.path() + "\n" : "+ " + e.sha256() + " " + e.size() + " " + e.path() + "\n");
        }
    }

    /** Reads a journal; with {@code headerOnly}, stops after the generation it describes. */
    static Journal readJournal(BufferedReader in, String where, boolean headerOnly) throws IOException {
        StringBuilder head = new StringBuilder();
        int lineNumber = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (line.isEmpty()) {
                break;
            }
            head.append(line).append('\n');
        }
        Fields f = fields(head.toString(), where);
        Generation generation = generation(f, where);
        long base = f.number("base");
        List<JournalEntry> entries = new ArrayList<>();
        if (!headerOnly) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                entries.add(entry(line, where, lineNumber));
            }
        }
        try {
            return new Journal(generation, base, entries);
        } catch (IllegalArgumentException e) {
            throw f.malformed(e.getMessage());
        }
    }

    private static JournalEntry entry(String line, String where, int lineNumber) throws IOException {
        try {
            if (line.startsWith("- ")) {
                return JournalEntry.removed(line.substring(2));
            }
            if (line.startsWith("+ ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length == 4) {
                    return JournalEntry.present(parts[3], Long.parseLong(parts[2]), parts[1]);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(where + " line " + lineNumber + ": " + e.getMessage());
        }
        throw new IOException(where + " line " + lineNumber + ": expected '+ SHA256 SIZE PATH' or '- PATH'");
    }

    private static String header(Generation g) {
        return "format=" + FORMAT + "\n"
                + "mirror-id=" + g.mirrorId() + "\n"
                + "generation=" + g.number() + "\n"
                + "generation-id=" + g.id() + "\n"
                + "created-at=" + g.createdAt() + "\n"
                + "origin=" + g.origin().text() + "\n";
    }

    private static Generation generation(Fields f, String where) throws IOException {
        long format = f.number("format");
        if (format != FORMAT) {
            throw f.malformed("format " + format + " is not one this hexmirror reads (" + FORMAT + "); is it newer?");
        }
        try {
            return new Generation(f.number("generation"), f.required("generation-id"), f.required("mirror-id"),
                    f.instant("created-at"), Generation.Origin.parse(f.required("origin")));
        } catch (IllegalArgumentException e) {
            throw f.malformed(e.getMessage());
        }
    }

    private static Fields fields(String text, String where) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return new Fields(map, where);
    }

    /** The {@code name=value} lines of one file, with errors that name the file. */
    private record Fields(Map<String, String> map, String where) {
        String required(String name) throws IOException {
            String value = map.get(name);
            if (value == null || value.isEmpty()) {
                throw malformed("no '" + name + "' line");
            }
            return value;
        }

        long number(String name) throws IOException {
            String value = required(name);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw malformed(name + " '" + value + "' is not a number");
            }
        }

        Instant instant(String name) throws IOException {
            String value = required(name);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw malformed(name + " '" + value + "' is not an ISO-8601 instant");
            }
        }

        IOException malformed(String detail) {
            return new IOException(where + " is not a valid hexmirror file: " + detail);
        }
    }
}
