package io.hexmirror.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequirementTest {

    /**
     * requirement | version | allowPreReleases | matches. "both" rows are checked with
     * allowPreReleases true and false. Sources: HEX_PROTOCOL.md section 10 (every example), Elixir's
     * Version documentation (the ~> translation table, the allow_pre table, the match?/3 examples),
     * and cases that pin the edges (upper-bound pre-releases, build metadata, and/or precedence).
     */
    @ParameterizedTest(name = "\"{0}\" vs {1} (allowPre={2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # --- HEX_PROTOCOL.md 10 / Elixir table: ~> 2.0.0 = >= 2.0.0 and < 2.1.0
            ~> 2.0.0      | 2.0.0       | both  | true
            ~> 2.0.0      | 2.0.5       | both  | true
            ~> 2.0.0      | 2.1.0       | both  | false
            ~> 2.0.0      | 1.9.9       | both  | false
            ~> 2.0.0      | 2.1.0-rc.0  | both  | false
            # ~> 2.1.2 = >= 2.1.2 and < 2.2.0
            ~> 2.1.2      | 2.1.2       | both  | true
            ~> 2.1.2      | 2.1.9       | both  | true
            ~> 2.1.2      | 2.1.1       | both  | false
            ~> 2.1.2      | 2.2.0       | both  | false
            # "~> 2.1.2 does not match 2.1.6-dev" as Hex resolves; Elixir's default allow_pre does
            ~> 2.1.2      | 2.1.6-dev   | false | false
            ~> 2.1.2      | 2.1.6-dev   | true  | true
            # ~> 2.0 = >= 2.0.0 and < 3.0.0
            ~> 2.0        | 2.0.0       | both  | true
            ~> 2.0        | 2.1.0       | both  | true
            ~> 2.0        | 2.99.99     | both  | true
            ~> 2.0        | 3.0.0       | both  | false
            ~> 2.0        | 1.99.0      | both  | false
            # "~> never includes pre-releases of its upper bound", whatever allow_pre says
            ~> 2.0        | 3.0.0-rc.0  | both  | false
            ~> 2.0        | 3.0.0-0     | both  | false
            # ~> 2.1 = >= 2.1.0 and < 3.0.0
            ~> 2.1        | 2.1.0       | both  | true
            ~> 2.1        | 2.0.9       | both  | false
            ~> 2.1        | 3.0.0       | both  | false
            # ~> 2.1.3-dev = >= 2.1.3-dev and < 2.2.0; its operand is a pre-release, so
            # pre-releases in range match even as Hex resolves
            ~> 2.1.3-dev  | 2.1.3-dev   | both  | true
            ~> 2.1.3-dev  | 2.1.6-dev   | both  | true
            ~> 2.1.3-dev  | 2.1.3       | both  | true
            ~> 2.1.3-dev  | 2.1.9       | both  | true
            ~> 2.1.3-dev  | 2.1.3-alpha | both  | false
            ~> 2.1.3-dev  | 2.2.0-dev   | both  | false
            ~> 2.1.3-dev  | 2.2.0       | both  | false
            # "~> 2.1.2-dev matches 2.1.6-dev"; Elixir: ~> 2.1-dev matches 2.2.0-dev
            ~> 2.1.2-dev  | 2.1.6-dev   | both  | true
            ~> 2.1-dev    | 2.2.0-dev   | both  | true
            ~> 2.1-dev    | 2.1.0-dev   | both  | true
            ~> 2.1-dev    | 2.1.0-alpha | both  | false
            ~> 2.1-dev    | 3.0.0-dev   | both  | false
            # ">= 2.1.0 does not match 2.2.0-dev"; ">= 2.1.0-dev matches 2.2.6-dev"
            >= 2.1.0      | 2.2.0-dev   | false | false
            >= 2.1.0      | 2.2.0-dev   | true  | true
            >= 2.1.0      | 2.1.0       | both  | true
            >= 2.1.0      | 2.0.9       | both  | false
            >= 2.1.0-dev  | 2.2.6-dev   | both  | true
            # "< 2.2.0 matches 2.1.0-dev": < and <= compare by precedence as usual
            < 2.2.0       | 2.1.0-dev   | both  | true
            < 2.2.0       | 2.2.0-dev   | both  | true
            < 2.2.0       | 2.2.0       | both  | false
            <= 2.2.0      | 2.2.0       | both  | true
            <= 2.2.0      | 2.2.0+build | both  | true
            <= 2.2.0      | 2.2.1       | both  | false
            <= 2.2.0      | 2.2.1-rc.1  | both  | false
            < 1.0.0-alpha | 1.0.0-1     | both  | true
            # > follows the same pre-release rule as >=
            > 1.0.0       | 2.0.0       | both  | true
            > 1.0.0       | 1.0.0       | both  | false
            > 1.0.0       | 1.0.1-rc.1  | false | false
            > 1.0.0       | 1.0.1-rc.1  | true  | true
            > 1.0.0-rc.1  | 1.0.0-rc.2  | both  | true
            > 1.0.0-rc.1  | 1.0.0       | both  | true
            > 1.0.0-rc.1  | 1.0.0-rc.1  | both  | false
            # == and != by precedence; no operator means ==; build metadata is ignored
            == 2.0.0      | 2.0.0       | both  | true
            == 2.0.0      | 2.0.0+b.1   | both  | true
            == 2.0.0+b.1  | 2.0.0       | both  | true
            == 2.0.0      | 2.0.1       | both  | false
            == 1.0.0      | 2.0.0       | both  | false
            2.0.0         | 2.0.0       | both  | true
            2.0.0         | 2.0.0-rc.1  | both  | false
            == 2.0.0-rc.1 | 2.0.0-rc.1  | both  | true
            != 2.0.0      | 2.0.0       | both  | false
            != 2.0.0      | 2.0.1       | both  | true
            != 2.0.0      | 2.1.0-rc.1  | both  | true
            # Elixir's match?/3 examples
            > 1.0.0       | 2.0.0       | true  | true
            ~> 2.1.2      | 2.1.6-dev   | true  | true
            # Elixir forum: the lowest pre-release as operand admits pre-releases
            >= 1.11.0-0   | 1.11.0-rc1  | false | true
            ~> 1.11       | 1.11.0-rc1  | both  | false
            # and / or, with and binding tighter (as Hex's resolver reads them)
            >= 1.0.0 and < 2.0.0          | 1.5.0 | both | true
            >= 1.0.0 and < 2.0.0          | 2.0.0 | both | false
            ~> 1.1.1 or ~> 1.2            | 1.1.1 | both | true
            ~> 1.1.1 or ~> 1.2            | 1.1.2 | both | true
            ~> 1.1.1 or ~> 1.2            | 1.2.0 | both | true
            ~> 1.1.1 or ~> 1.2            | 1.9.0 | both | true
            ~> 1.1.1 or ~> 1.2            | 1.1.0 | both | false
            ~> 1.1.1 or ~> 1.2            | 2.0.0 | both | false
            ~> 1.0 or ~> 2.0 or ~> 3.0    | 3.1.0 | both | true
            == 1.0.0 or == 2.0.0 and == 3.0.0 | 1.0.0 | both | true
            == 1.0.0 or == 2.0.0 and == 3.0.0 | 2.0.0 | both | false
            == 1.0.0 and == 2.0.0 or == 3.0.0 | 3.0.0 | both | true
            == 1.0.0 and == 2.0.0 or == 3.0.0 | 1.0.0 | both | false
            ~> 1.0 or 2.0.0               | 2.0.0 | both | true
            # spacing: operators need no space, the ends may have spaces
            ~>1.0         | 1.5.0       | both  | true
            >=1.0.0       | 1.0.0       | both  | true
            '  ~> 1.0  '  | 1.5.0       | both  | true
            '~> 1.0	or	~> 3.0' | 3.0.0 | both | true
            """)
    void matchesAsHexResolves(String requirement, String version, String allowPre, boolean expected)
            throws VersionParseException {
        Requirement r = Requirement.parse(requirement);
        Version v = Version.parse(version);
        List<Boolean> flags = allowPre.equals("both") ? List.of(false, true) : List.of(Boolean.parseBoolean(allowPre));
        for (boolean flag : flags) {
            assertThat(r.matches(v, flag)).as("\"%s\" vs %s, allowPreReleases=%s", requirement, version, flag)
                    .isEqualTo(expected);
        }
    }

    /**
     * The translations of HEX_PROTOCOL.md section 10 hold exactly as Hex resolves (pre-releases
     * disallowed) for every probe version whose pre-release is not one of the upper bound's.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ~> 2.0.0     | >= 2.0.0 and < 2.1.0
            ~> 2.1.2     | >= 2.1.2 and < 2.2.0
            ~> 2.0       | >= 2.0.0 and < 3.0.0
            ~> 2.1       | >= 2.1.0 and < 3.0.0
            ~> 2.1.3-dev | >= 2.1.3-dev and < 2.2.0
            """)
    void approximateOperatorEqualsItsTranslation(String approximate, String translation) throws VersionParseException {
        Requirement a = Requirement.parse(approximate);
        Requirement t = Requirement.parse(translation);
        for (String probe : List.of("1.9.9", "2.0.0-rc.1", "2.0.0", "2.0.1", "2.0.9-dev", "2.1.0", "2.1.2",
                "2.1.3-beta", "2.1.3-dev", "2.1.3", "2.1.6-dev", "2.1.9", "2.2.0", "2.5.0", "2.5.1-rc.0", "3.0.0",
                "3.1.0")) {
            Version v = Version.parse(probe);
            assertThat(a.matches(v, false)).as("%s vs %s", approximate, probe).isEqualTo(t.matches(v, false));
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # requirement           | column | problem
            ''                      | 1      | empty requirement
            '   '                   | 4      | empty requirement
            ~> 1                    | 5      | version "1": expected at least MAJOR.MINOR, found only MAJOR
            >= 1.0.0 and            | 13     | expected a version after 'and', found the end of the requirement
            ~> 1.0 or               | 10     | expected a version after 'or', found the end of the requirement
            ~> 1.0 or or            | 11     | expected a version after 'or', found 'or'
            or ~> 1.0               | 1      | expected a version at the start, found 'or'
            1.0.0.0                 | 6      | version "1.0.0.0": too many numeric parts
            == 1.0.0.0              | 9      | version "1.0.0.0": too many numeric parts
            ~> 1.0 foo              | 8      | expected 'and' or 'or' after a clause, found "foo"
            ~> 1.0 )                | 8      | expected 'and' or 'or' after a clause, found ")"
            1.0.0 1.0.0             | 7      | expected 'and' or 'or' after a clause, found "1.0.0"
            1.0.0 >= 2.0.0          | 7      | expected 'and' or 'or' after a clause, found ">="
            x ~> 1.0                | 1      | version "x": MAJOR part "x" contains 'x'
            ~> 1.0;                 | 7      | version "1.0;": MINOR part "0;" contains ';'
            >= 123456789012345.0.0  | 4      | version "123456789012345.0.0": MAJOR part has 15 digits, at most 14 are allowed
            ~> 1.123456789012345    | 6      | version "1.123456789012345": MINOR part has 15 digits
            == == 1.0.0             | 4      | expected a version after '==', found operator "=="
            >= 1.0                  | 4      | version "1.0" has no PATCH part; only ~> may omit it
            == 2.1-dev              | 4      | version "2.1-dev" has no PATCH part; only ~> may omit it
            > 1                     | 4      | version "1": expected MAJOR.MINOR.PATCH, found only MAJOR
            ~> 01.0                 | 4      | version "01.0": MAJOR part "01" has a leading zero
            = 1.0.0                 | 1      | unexpected character '='
            !1.0.0                  | 1      | unexpected character '!'
            ~>                      | 3      | expected a version after '~>', found the end of the requirement
            ~> 1.0-                 | 8      | version "1.0-": empty pre-release identifier
            ~> 1.0 and~> 2.0        | 11     | and' must be followed by a space
            ~> 1.0 AND ~> 2.0       | 8      | expected 'and' or 'or' after a clause, found "AND"
            """)
    void rejectsMalformedRequirementsNamingColumnAndProblem(String requirement, int column, String problem) {
        assertThatThrownBy(() -> Requirement.parse(requirement))
                .isInstanceOfSatisfying(VersionParseException.class, e -> {
                    assertThat(e.input()).isEqualTo(requirement);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage())
                            .startsWith("invalid requirement \"" + requirement + "\" at column " + column + ": ")
                            .contains(problem);
                });
    }

    @Test
    void keepsSourceTextAndComparesByIt() throws VersionParseException {
        Requirement r = Requirement.parse("~> 1.1.1 or ~> 1.2");
        assertThat(r).hasToString("~> 1.1.1 or ~> 1.2");
        assertThat(r).isEqualTo(Requirement.parse("~> 1.1.1 or ~> 1.2")).hasSameHashCodeAs(Requirement.parse("~> 1.1.1 or ~> 1.2"));
        assertThat(r).isNotEqualTo(Requirement.parse("~> 1.2 or ~> 1.1.1"));
    }

    @Test
    void neverFailsWithAnythingButVersionParseException() throws VersionParseException {
        Random random = new Random(11);
        String[] pieces = {"~>", ">=", "<=", "==", "!=", ">", "<", "=", "!", "~", " ", " and ", " or ", "and", "or",
            "1", "0", "01", ".", "-", "+", "rc", "x", "\t", ""};
        List<String> wrong = new ArrayList<>();
        Version probe = Version.parse("1.0.0");
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(10);
            for (int j = 0; j < length; j++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            try {
                Requirement.parse(text).matches(probe, false);
            } catch (VersionParseException e) {
                if (e.column() < 1 || e.column() > text.length() + 1) {
                    wrong.add(text + " -> column " + e.column());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
