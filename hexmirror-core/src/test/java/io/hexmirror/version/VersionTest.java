package io.hexmirror.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # text                   | major          | minor | patch | pre          | build
            0.0.0                    | 0              | 0     | 0     | none         | none
            1.2.3                    | 1              | 2     | 3     | none         | none
            2.0.1-alpha1             | 2              | 0     | 1     | alpha1       | none
            1.0.0-alpha.3+20130417140000.amd64 | 1    | 0     | 0     | alpha.3      | 20130417140000.amd64
            1.0.0-rc-1+b-2           | 1              | 0     | 0     | rc-1         | b-2
            1.0.0-0a                 | 1              | 0     | 0     | 0a           | none
            1.0.0-0                  | 1              | 0     | 0     | 0            | none
            1.0.0+01                 | 1              | 0     | 0     | none         | 01
            1.0.0--                  | 1              | 0     | 0     | -            | none
            99999999999999.0.0       | 99999999999999 | 0     | 0     | none         | none
            1.0.0-99999999999999     | 1              | 0     | 0     | 99999999999999 | none
            """)
    void parsesValidVersions(String text, long major, long minor, long patch, String pre, String build)
            throws VersionParseException {
        Version v = Version.parse(text);
        assertThat(v.major()).isEqualTo(major);
        assertThat(v.minor()).isEqualTo(minor);
        assertThat(v.patch()).isEqualTo(patch);
        List<String> expectedPre = pre == null ? List.of() : List.of(pre.split("\\."));
        assertThat(v.preRelease()).isEqualTo(expectedPre);
        assertThat(v.isPreRelease()).isEqualTo(!expectedPre.isEmpty());
        assertThat(v.build()).isEqualTo(java.util.Optional.ofNullable(build));
        assertThat(v.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # text                  | column | problem
            ''                      | 1      | empty version
            1                       | 2      | expected MAJOR.MINOR.PATCH, found only MAJOR
            1.0                     | 4      | expected MAJOR.MINOR.PATCH, found only MAJOR.MINOR
            2.0-alpha1              | 4      | expected MAJOR.MINOR.PATCH, found only MAJOR.MINOR
            1.0.0.0                 | 6      | too many numeric parts
            01.0.0                  | 1      | MAJOR part "01" has a leading zero
            1.01.0                  | 3      | MINOR part "01" has a leading zero
            1.0.00                  | 5      | PATCH part "00" has a leading zero
            1..0                    | 3      | MINOR part is empty
            .1.0                    | 1      | MAJOR part is empty
            v1.0.0                  | 1      | MAJOR part "v1" contains 'v'
            ' 1.0.0'                | 1      | MAJOR part " 1" contains ' '
            '1.0.0 '                | 6      | PATCH part "0 " contains ' '
            1.0.0-                  | 7      | empty pre-release identifier
            1.0.0-a..b              | 9      | empty pre-release identifier
            1.0.0-01                | 7      | numeric pre-release identifier "01" has a leading zero
            1.0.0-rc_1              | 9      | invalid character '_' in pre-release identifier
            1.2.3-é                 | 7      | invalid character 'é' in pre-release identifier
            1.0.0+                  | 7      | empty build identifier
            1.0.0-rc.1+build+2      | 17     | invalid character '+' in build identifier
            123456789012345.0.0     | 1      | MAJOR part has 15 digits, at most 14 are allowed
            1.0.123456789012345     | 5      | PATCH part has 15 digits, at most 14 are allowed
            1.0.0-123456789012345   | 7      | numeric pre-release identifier has 15 digits, at most 14 are allowed
            """)
    void rejectsInvalidVersionsNamingColumnAndProblem(String text, int column, String problem) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOfSatisfying(VersionParseException.class, e -> {
                    assertThat(e.input()).isEqualTo(text);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage())
                            .startsWith("invalid version \"" + text + "\" at column " + column + ": ")
                            .contains(problem);
                });
        assertThat(Version.tryParse(text)).isEmpty();
    }

    @Test
    void ordersBySemVerPrecedence() throws VersionParseException {
        // The ordering example of the SemVer 2.0 specification, plus numeric parts that would sort
        // wrongly as strings.
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0-0",
                "2.0.0-1", "2.0.0-10", "2.0.0-A", "2.0.0-a", "2.0.0", "10.0.0");
        List<Version> parsed = new ArrayList<>();
        for (String s : ascending) {
            parsed.add(Version.parse(s));
        }
        List<Version> shuffled = new ArrayList<>(parsed);
        Collections.shuffle(shuffled, new Random(42));
        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(parsed);
        for (int i = 0; i + 1 < parsed.size(); i++) {
            assertThat(parsed.get(i).comparePrecedence(parsed.get(i + 1))).as("%s < %s", parsed.get(i), parsed.get(i + 1))
                    .isNegative();
            assertThat(parsed.get(i + 1).comparePrecedence(parsed.get(i))).isPositive();
        }
    }

    @ParameterizedTest(name = "compare({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # Elixir's documented Version.compare/2 examples, then more
            2.0.1-alpha1 | 2.0.0     | 1
            1.0.0-beta   | 1.0.0-rc1 | -1
            1.0.0-10     | 1.0.0-2   | 1
            2.0.1+build0 | 2.0.1     | 0
            1.0.0-rc.1   | 1.0.0-rc.1+x | 0
            1.0.0-1      | 1.0.0-alpha | -1
            1.0.0-alpha  | 1.0.0-alpha.0 | -1
            """)
    void comparesPrecedence(String a, String b, int expected) throws VersionParseException {
        assertThat(Integer.signum(Version.parse(a).comparePrecedence(Version.parse(b)))).isEqualTo(expected);
        assertThat(Integer.signum(Version.parse(b).comparePrecedence(Version.parse(a)))).isEqualTo(-expected);
    }

    @Test
    void buildMetadataIsIgnoredByPrecedenceButKeepsVersionsDistinct() throws VersionParseException {
        Version plain = Version.parse("2.0.1");
        Version built = Version.parse("2.0.1+build0");
        Version otherBuild = Version.parse("2.0.1+build1");

        assertThat(plain.comparePrecedence(built)).isZero();
        assertThat(plain).isNotEqualTo(built);
        // compareTo breaks the tie by build so that it agrees with equals: a sorted set keeps both.
        assertThat(plain.compareTo(built)).isNegative();
        assertThat(built.compareTo(otherBuild)).isNegative();
        assertThat(new TreeSet<>(List.of(otherBuild, built, plain))).containsExactly(plain, built, otherBuild);
        assertThat(Version.parse("2.0.1+build0")).isEqualTo(built).hasSameHashCodeAs(built);
    }

    @Test
    void neverFailsWithAnythingButVersionParseException() {
        // Random strings over the characters the syntax cares about: each either parses or is
        // rejected with a VersionParseException, never another exception.
        Random random = new Random(7);
        String alphabet = "0123456789.-+aZ_ é";
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            try {
                if (!Version.parse(text).toString().equals(text)) {
                    wrong.add(text + " does not print as itself");
                }
            } catch (VersionParseException e) {
                if (e.column() < 1 || e.column() > text.length() + 1) {
                    wrong.add(text + " -> column " + e.column());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
