package io.hexmirror.version;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A Hex version requirement such as {@code ~> 1.7}, {@code >= 2.0.0 and < 3.0.0} or
 * {@code ~> 1.1.1 or ~> 1.2}, with the matching rules the Hex resolver applies.
 *
 * <h2>Syntax</h2>
 * A requirement is one or more clauses joined by {@code and} and {@code or}; {@code and} binds
 * tighter than {@code or} ({@code a or b and c} is {@code a or (b and c)}), as in Hex's resolver.
 * A clause is an operator ({@code ==}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=},
 * {@code ~>}) followed by a version; a clause without an operator means {@code ==}. The operand is
 * a full {@link Version}; only {@code ~>} accepts {@code MAJOR.MINOR} without a patch part (also
 * with a pre-release, {@code ~> 2.1-dev}). Spaces are optional between an operator and its version,
 * and {@code and}/{@code or} need a space on both sides. Leading and trailing spaces are ignored.
 *
 * <h2>Matching</h2>
 * {@code ~> 2.0.0} is {@code >= 2.0.0 and < 2.1.0}, {@code ~> 2.1} is {@code >= 2.1.0 and < 3.0.0},
 * {@code ~> 2.1.3-dev} is {@code >= 2.1.3-dev and < 2.2.0}; the upper bound excludes the
 * pre-releases of the bound too ({@code ~> 2.0} never matches {@code 3.0.0-rc.0}). All comparisons
 * use {@linkplain Version#comparePrecedence precedence}, so build metadata is ignored.
 *
 * <p>With {@code allowPreReleases == false} (how Hex resolves), a pre-release version matches a
 * {@code ~>}, {@code >} or {@code >=} clause only when that clause's own operand is a pre-release:
 * {@code ~> 2.1.2} does not match {@code 2.1.6-dev} but {@code ~> 2.1.2-dev} does, and
 * {@code >= 2.1.0} does not match {@code 2.2.0-dev}. {@code <}, {@code <=}, {@code ==} and
 * {@code !=} compare by precedence alone ({@code < 2.2.0} matches {@code 2.1.0-dev}). With
 * {@code allowPreReleases == true} every clause compares by precedence alone.
 *
 * <p>Instances are immutable and thread-safe; equality is by source text.
 */
public final class Requirement {
    private final String source;
    /** Disjunction of conjunctions: the requirement matches when every clause of some alternative does. */
    private final List<List<Clause>> alternatives;

    private Requirement(String source, List<List<Clause>> alternatives) {
        this.source = source;
        this.alternatives = alternatives;
    }

    /**
     * Parses a requirement string.
     *
     * @throws VersionParseException if {@code text} is not a valid requirement; the message names
     *                               the column and what was expected there
     * @throws NullPointerException  if {@code text} is null
     */
    public static Requirement parse(String text) throws VersionParseException {
        requireNonNull(text, "text is null");
        return new Requirement(text, new RequirementParser(text).parse());
    }

    /**
     * Whether {@code version} satisfies this requirement.
     *
     * @param allowPreReleases false to resolve as Hex does (see the class documentation); true to
     *                         compare by precedence alone, as Elixir's {@code Version.match?/2}
     *                         does by default
     */
    public boolean matches(Version version, boolean allowPreReleases) {
        requireNonNull(version, "version is null");
        for (List<Clause> alternative : alternatives) {
            boolean all = true;
            for (Clause clause : alternative) {
                if (!clause.matches(version, allowPreReleases)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The requirement as written. */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && source.equals(r.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    enum Operator {
        EQ("=="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), APPROX("~>");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    /** One comparison; for {@code ~>}, {@code operand} is the lower bound and {@code upper} the exclusive upper bound. */
    record Clause(Operator operator, Version operand, Version upper) {
        boolean matches(Version v, boolean allowPreReleases) {
            int c = v.comparePrecedence(operand);
            // Hex's pre-release rule applies to the lower-bound operators only.
            boolean preReleaseOk = allowPreReleases || operand.isPreRelease() || !v.isPreRelease();
            return switch (operator) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0 && preReleaseOk;
                case GE -> c >= 0 && preReleaseOk;
                case APPROX -> c >= 0 && v.comparePrecedence(upper) < 0 && preReleaseOk;
            };
        }
    }

    /** Tokenizer and recursive-descent parser for one requirement string. */
    private static final class RequirementParser {
        private static final Operator[] LONGEST_FIRST = {
            Operator.GE, Operator.LE, Operator.APPROX, Operator.NE, Operator.EQ, Operator.GT, Operator.LT};

        private final String text;
        private int pos;

        RequirementParser(String text) {
            this.text = text;
        }

        List<List<Clause>> parse() throws VersionParseException {
            skipSpaces();
            if (pos == text.length()) {
                throw error(pos, "empty requirement");
            }
            List<List<Clause>> alternatives = new ArrayList<>();
            List<Clause> conjunction = new ArrayList<>();
            while (true) {
                conjunction.add(clause());
                skipSpaces();
                if (pos == text.length()) {
                    break;
                }
                int wordStart = pos;
                String word = word();
                if (word.equals("and") || word.equals("or")) {
                    requireSpaceAround(wordStart, word);
                    if (word.equals("or")) {
                        alternatives.add(List.copyOf(conjunction));
                        conjunction = new ArrayList<>();
                    }
                    continue;
                }
                throw error(wordStart, "expected 'and' or 'or' after a clause, found \"" + describe(wordStart, word) + "\"");
            }
            alternatives.add(List.copyOf(conjunction));
            return List.copyOf(alternatives);
        }

        private Clause clause() throws VersionParseException {
            skipSpaces();
            String after = pos == 0 ? "at the start" : "after '" + previousToken() + "'";
            if (pos == text.length()) {
                throw error(pos, "expected a version " + after + ", found the end of the requirement");
            }
            Operator operator = operator();
            if (operator != null) {
                after = "after '" + operator.symbol + "'";
                skipSpaces();
                if (pos == text.length()) {
                    throw error(pos, "expected a version " + after + ", found the end of the requirement");
                }
            } else {
                operator = Operator.EQ;
            }
            int start = pos;
            if (operator() != null) {
                pos = start;
                throw error(start, "expected a version " + after + ", found operator \"" + describe(start, word0()) + "\"");
            }
            String word = word();
            if (word.isEmpty()) {
                throw error(start, "unexpected character '" + text.charAt(start) + "'");
            }
            if (word.equals("and") || word.equals("or")) {
                throw error(start, "expected a version " + after + ", found '" + word + "'");
            }
            return operandClause(operator, word, start);
        }

        private Clause operandClause(Operator operator, String word, int start) throws VersionParseException {
            VersionParser.Parts parts;
            try {
                parts = VersionParser.parse(word, operator == Operator.APPROX);
            } catch (VersionParser.Problem p) {
                if (operator != Operator.APPROX && omitsOnlyPatch(word)) {
                    throw error(start, "version \"" + word + "\" has no PATCH part; only ~> may omit it");
                }
                throw error(start + p.offset, "version \"" + word + "\": " + p.getMessage());
            }
            Version operand = Version.of(parts);
            Version upper = null;
            if (operator == Operator.APPROX) {
                // Upper bound MAJOR+1.0.0-0 or MAJOR.MINOR+1.0-0: "-0" is the lowest pre-release,
                // so the bound's own pre-releases fall outside the range as well.
                upper = parts.patch() == null
                        ? Version.lowestPreReleaseOf(parts.major() + 1, 0, 0)
                        : Version.lowestPreReleaseOf(parts.major(), parts.minor() + 1, 0);
            }
            return new Clause(operator, operand, upper);
        }

        private static boolean omitsOnlyPatch(String word) {
            try {
                return VersionParser.parse(word, true).patch() == null;
            } catch (VersionParser.Problem e) {
                return false;
            }
        }

        private Operator operator() {
            for (Operator op : LONGEST_FIRST) {
                if (text.startsWith(op.symbol, pos)) {
                    pos += op.symbol.length();
                    return op;
                }
            }
            return null;
        }

        /** Reads a run of characters up to a space or an operator character. */
        private String word() {
            int start = pos;
            while (pos < text.length() && !isSpace(text.charAt(pos)) && "<>=~!".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** The run of non-space characters at {@code pos}, for messages. */
        private String word0() {
            int end = pos;
            while (end < text.length() && !isSpace(text.charAt(end))) {
                end++;
            }
            return text.substring(pos, end);
        }

        private String describe(int start, String word) {
            if (!word.isEmpty()) {
                return word;
            }
            int end = start;
            while (end < text.length() && !isSpace(text.charAt(end))) {
                end++;
            }
            return text.substring(start, end);
        }

        private String previousToken() {
            int end = pos;
            while (end > 0 && isSpace(text.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && !isSpace(text.charAt(start - 1))) {
                start--;
            }
            return text.substring(start, end);
        }

        private void requireSpaceAround(int start, String word) throws VersionParseException {
            int end = start + word.length();
            if (start == 0 || !isSpace(text.charAt(start - 1))) {
                throw error(start, "'" + word + "' must be preceded by a space");
            }
            if (end < text.length() && !isSpace(text.charAt(end))) {
                throw error(end, "'" + word + "' must be followed by a space");
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && isSpace(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }

        private VersionParseException error(int offset, String detail) {
            return new VersionParseException("requirement", text, offset + 1, detail);
        }
    }
}
