package io.hexmirror.version;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a version string the way Elixir's {@code Version.Parser} does: at the first {@code +}
 * (build), then at the first {@code -} (pre-release), then the rest at dots. Doing it in that
 * order matters: {@code 1.0.0-rc-1+b-2} has pre-release {@code rc-1} and build {@code b-2}.
 */
final class VersionParser {
    /** Hex's limit for a numeric part; 14 digits also keep every value far inside a {@code long}. */
    static final int MAX_DIGITS = 14;

    private static final String[] CORE_NAMES = {"MAJOR", "MINOR", "PATCH"};

    private VersionParser() {
    }

    /** The parts of a version; {@code patch} is null when the text omitted it (allowed for {@code ~>}). */
    record Parts(long major, long minor, Long patch, List<String> pre, String build) {
    }

    /** A syntax problem at a 0-based offset within the parsed text. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        Problem(int offset, String detail) {
            super(detail, null, false, false);
            this.offset = offset;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @param patchOptional whether {@code MAJOR.MINOR} without a patch part is accepted
     */
    static Parts parse(String text, boolean patchOptional) throws Problem {
        if (text.isEmpty()) {
            throw new Problem(0, "empty version");
        }
        int plus = text.indexOf('+');
        int coreAndPreEnd = plus < 0 ? text.length() : plus;
        // The pre-release starts at the first dash before the build part.
        int dash = firstIndexOf(text, '-', 0, coreAndPreEnd);
        int coreEnd = dash < 0 ? coreAndPreEnd : dash;

        List<Long> core = new ArrayList<>(3);
        int start = 0;
        while (true) {
            int dot = firstIndexOf(text, '.', start, coreEnd);
            int end = dot < 0 ? coreEnd : dot;
            if (core.size() == 3) {
                throw new Problem(start - 1, "too many numeric parts, a version is MAJOR.MINOR.PATCH");
            }
            core.add(number(text, start, end, CORE_NAMES[core.size()]));
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (core.size() == 1) {
            throw new Problem(coreEnd, patchOptional
                    ? "expected at least MAJOR.MINOR, found only MAJOR"
                    : "expected MAJOR.MINOR.PATCH, found only MAJOR");
        }
        if (core.size() == 2 && !patchOptional) {
            throw new Problem(coreEnd, "expected MAJOR.MINOR.PATCH, found only MAJOR.MINOR");
        }

        List<String> pre = dash < 0 ? List.of() : identifiers(text, dash + 1, coreAndPreEnd, true);
        String build = null;
        if (plus >= 0) {
            identifiers(text, plus + 1, text.length(), false);
            build = text.substring(plus + 1);
        }
        return new Parts(core.get(0), core.get(1), core.size() == 3 ? core.get(2) : null, pre, build);
    }

    private static long number(String text, int start, int end, String name) throws Problem {
        if (start == end) {
            throw new Problem(start, name + " part is empty");
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new Problem(i, name + " part \"" + text.substring(start, end) + "\" contains '" + c
                        + "', expected only digits");
            }
        }
        String digits = text.substring(start, end);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new Problem(start, name + " part \"" + digits + "\" has a leading zero");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new Problem(start, name + " part has " + digits.length() + " digits, at most " + MAX_DIGITS
                    + " are allowed");
        }
        return Long.parseLong(digits);
    }

    private static List<String> identifiers(String text, int start, int end, boolean preRelease) throws Problem {
        String what = preRelease ? "pre-release" : "build";
        List<String> result = new ArrayList<>();
        int from = start;
        while (true) {
            int dot = firstIndexOf(text, '.', from, end);
            int to = dot < 0 ? end : dot;
            if (from == to) {
                throw new Problem(from, "empty " + what + " identifier");
            }
            boolean numeric = true;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-') {
                    throw new Problem(i, "invalid character '" + c + "' in " + what
                            + " identifier, allowed are 0-9 A-Z a-z and '-'");
                }
                numeric &= digit;
            }
            String identifier = text.substring(from, to);
            if (preRelease && numeric) {
                if (identifier.length() > 1 && identifier.charAt(0) == '0') {
                    throw new Problem(from, "numeric pre-release identifier \"" + identifier + "\" has a leading zero");
                }
                if (identifier.length() > MAX_DIGITS) {
                    throw new Problem(from, "numeric pre-release identifier has " + identifier.length()
                            + " digits, at most " + MAX_DIGITS + " are allowed");
                }
            }
            result.add(identifier);
            if (dot < 0) {
                return List.copyOf(result);
            }
            from = dot + 1;
        }
    }

    private static int firstIndexOf(String text, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
