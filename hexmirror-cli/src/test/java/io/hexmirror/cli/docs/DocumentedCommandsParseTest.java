package io.hexmirror.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hexmirror.cli.Main;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every {@code hexmirror} command shown in README.md and docs/*.md parses on the real command line:
 * the lines of {@code sh} code blocks that run {@code hexmirror}, {@code ./hexmirror} or hexmirror's
 * jar or main class with {@code java}, and the {@code $ hexmirror ...} lines of transcripts in any
 * code block. An option renamed or removed in the code makes this fail, naming the file and line.
 */
class DocumentedCommandsParseTest {
    private static final Set<String> SHELL_BLOCKS = Set.of("sh", "shell", "bash", "console");
    private static final String MAIN_CLASS = Main.class.getName();
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    /** A hexmirror command found in the documentation: where, as written, and its arguments. */
    record DocumentedCommand(String at, String text, List<String> args) {
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandParses() {
        return documentedCommands().stream().map(command -> DynamicTest.dynamicTest(
                command.at() + ": " + command.text(),
                () -> assertThatCode(() -> Main.commandLine().parseArgs(command.args().toArray(String[]::new)))
                        .as("%s: %s", command.at(), command.text())
                        .doesNotThrowAnyException()));
    }

    @Test
    void theDocumentationShowsEveryCommandAtLeastOnce() {
        Set<String> shown = new TreeSet<>();
        for (DocumentedCommand command : documentedCommands()) {
            shown.add(command.args().get(0));
        }
        Set<String> commands = new TreeSet<>(Main.commandLine().getSubcommands().keySet());
        commands.remove("help");

        assertThat(shown).containsAll(commands);
    }

    @Test
    void continuedLinesQuotesVariablesAndBackgroundJobsAreReadAsTheShellDoes() {
        List<DocumentedCommand> commands = commandsIn("example.md", """
                ```sh
                MIRROR='s3://bucket/m?path-style=true&region=x'
                HEXMIRROR_JAVA_OPTS=-Xmx1g ./hexmirror serve --port 8080 \\
                    "$MIRROR" &   # in the background
                $ hexmirror status ./mirror && ./mvnw -q verify
                java -cp hexmirror.jar:plugin.jar io.hexmirror.cli.Main verify 'memo://x?password=p' > out.txt
                ```
                """);

        assertThat(commands).extracting(DocumentedCommand::at)
                .containsExactly("example.md:3", "example.md:5", "example.md:6");
        assertThat(commands).extracting(DocumentedCommand::args).containsExactly(
                List.of("serve", "--port", "8080", "s3://bucket/m?path-style=true&region=x"),
                List.of("status", "./mirror"),
                List.of("verify", "memo://x?password=p"));
    }

    private static List<DocumentedCommand> documentedCommands() {
        List<DocumentedCommand> commands = new ArrayList<>();
        for (ProjectDocs.Doc doc : ProjectDocs.all()) {
            commands.addAll(commandsIn(doc));
        }
        return commands;
    }

    private static List<DocumentedCommand> commandsIn(String name, String markdown) {
        return commandsIn(ProjectDocs.parse(java.nio.file.Path.of(name), markdown));
    }

    private static List<DocumentedCommand> commandsIn(ProjectDocs.Doc doc) {
        List<DocumentedCommand> commands = new ArrayList<>();
        doc.document().accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                String info = block.getInfo() == null ? "" : block.getInfo().trim().split("\\s+")[0];
                boolean shell = SHELL_BLOCKS.contains(info);
                // The fence is the block's first line; its content starts on the next one.
                int firstLine = block.getSourceSpans().get(0).getLineIndex() + 1;
                commands.addAll(commandsInBlock(doc, firstLine, block.getLiteral(), shell));
            }
        });
        return commands;
    }

    private static List<DocumentedCommand> commandsInBlock(ProjectDocs.Doc doc, int firstLine, String code, boolean shell) {
        List<DocumentedCommand> commands = new ArrayList<>();
        Map<String, String> variables = new HashMap<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int start = i;
            StringBuilder line = new StringBuilder(lines[i]);
            while (line.toString().endsWith("\\") && i + 1 < lines.length) {
                line.setLength(line.length() - 1);
                line.append(' ').append(lines[++i].trim());
            }
            String text = line.toString().trim();
            boolean prompt = text.startsWith("$ ");
            if (prompt) {
                text = text.substring(2);
            } else if (!shell) {
                continue;
            }
            for (List<String> words : ShellWords.commands(text, variables)) {
                List<String> command = withoutAssignments(words, shell ? variables : new HashMap<>());
                int args = argumentsStart(command);
                if (args > 0) {
                    commands.add(new DocumentedCommand(doc.at(firstLine + start), text,
                            List.copyOf(command.subList(args, command.size()))));
                }
            }
        }
        return commands;
    }

    /**
     * Where hexmirror's arguments start: after {@code hexmirror} or {@code ./hexmirror}, or after the
     * jar or main class of a {@code java} command line; 0 when the command is not hexmirror.
     */
    private static int argumentsStart(List<String> command) {
        if (command.isEmpty()) {
            return 0;
        }
        if (command.get(0).equals("hexmirror") || command.get(0).equals("./hexmirror")) {
            return 1;
        }
        if (command.get(0).equals("java")) {
            for (int i = 1; i < command.size(); i++) {
                String word = command.get(i);
                if (word.equals(MAIN_CLASS) || word.endsWith("hexmirror.jar") && command.get(i - 1).equals("-jar")) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /**
     * The command without its leading {@code NAME=value} words. A line of assignments alone (or
     * after {@code export}) sets variables that later lines of the block may use.
     */
    private static List<String> withoutAssignments(List<String> words, Map<String, String> variables) {
        int first = words.get(0).equals("export") ? 1 : 0;
        int i = first;
        while (i < words.size() && ASSIGNMENT.matcher(words.get(i)).matches()) {
            i++;
        }
        if (i == words.size()) {
            for (String assignment : words.subList(first, i)) {
                int eq = assignment.indexOf('=');
                variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
            return List.of();
        }
        return first == 0 ? words.subList(i, words.size()) : words;
    }
}
