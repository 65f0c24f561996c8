package io.hexmirror.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one line of a documented shell example into simple commands and their words, as a POSIX
 * shell would for the plain lines the documentation uses: single and double quotes, backslash
 * escapes, comments, {@code $NAME} and {@code "$NAME"} from the variables given (others stay as
 * written), and the operators
 * {@code && || | ; &} between commands. Redirections ({@code > file}) are dropped. Command and
 * arithmetic substitutions are kept as literal text: no hexmirror example needs them.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<List<String>> commands(String line, Map<String, String> variables) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean dropNextWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in: " + line);
                }
                word = append(word, line.substring(i + 1, end));
                i = end + 1;
            } else if (c == '"') {
                word = append(word, "");
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '$' && i + 1 < line.length() && isNameStart(line.charAt(i + 1))) {
                        i = expand(line, i, variables, word);
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated \" in: " + line);
                }
                i++;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = append(word, String.valueOf(line.charAt(i + 1)));
                i += 2;
            } else if (c == '$' && i + 1 < line.length() && isNameStart(line.charAt(i + 1))) {
                word = append(word, "");
                i = expand(line, i, variables, word);
            } else if (c == ' ' || c == '\t') {
                dropNextWord = endWord(words, word, dropNextWord);
                word = null;
                i++;
            } else if (c == '#' && word == null) {
                break;
            } else if (c == '>' || c == '<') {
                // A redirection: the file name that follows is no argument ("2>" drops its "2" too).
                if (word != null && word.toString().matches("\\d+")) {
                    word = null;
                }
                dropNextWord = endWord(words, word, dropNextWord);
                word = null;
                dropNextWord = true;
                i++;
                while (i < line.length() && (line.charAt(i) == '>' || line.charAt(i) == '&')) {
                    i++;
                }
            } else if (c == '&' || c == '|' || c == ';') {
                dropNextWord = endWord(words, word, dropNextWord);
                word = null;
                if (!words.isEmpty()) {
                    commands.add(words);
                }
                words = new ArrayList<>();
                i++;
                if (i < line.length() && (line.charAt(i) == '&' || line.charAt(i) == '|') && c != ';') {
                    i++;
                }
            } else {
                word = append(word, String.valueOf(c));
                i++;
            }
        }
        endWord(words, word, dropNextWord);
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }

    private static StringBuilder append(StringBuilder word, String text) {
        return (word == null ? new StringBuilder() : word).append(text);
    }

    private static boolean endWord(List<String> words, StringBuilder word, boolean drop) {
        if (word == null) {
            return drop;
        }
        if (!drop) {
            words.add(word.toString());
        }
        return false;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || c == '{' || Character.isLetter(c);
    }

    /** Appends the value of {@code $NAME} or {@code ${NAME}} at {@code dollar}; returns the index after it. */
    private static int expand(String line, int dollar, Map<String, String> variables, StringBuilder word) {
        int start = dollar + 1;
        boolean braced = line.charAt(start) == '{';
        int i = braced ? start + 1 : start;
        while (i < line.length() && (line.charAt(i) == '_' || Character.isLetterOrDigit(line.charAt(i)))) {
            i++;
        }
        String name = line.substring(braced ? start + 1 : start, i);
        if (braced) {
            if (i >= line.length() || line.charAt(i) != '}') {
                throw new IllegalArgumentException("unterminated ${ in: " + line);
            }
            i++;
        }
        // A variable the example does not set (such as $HOME) stays as it is written.
        word.append(variables.getOrDefault(name, line.substring(dollar, i)));
        return i;
    }
}
