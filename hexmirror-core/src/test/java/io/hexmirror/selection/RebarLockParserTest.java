package io.hexmirror.selection;

import static io.hexmirror.selection.MixLockParserTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.version.Version;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RebarLockParserTest {

    @Test
    void readsCurrentFormatWithHashesAndGitEntries() throws Exception {
        LockFile lock = RebarLockParser.parse(resource("rebar.lock"), "rebar.lock");

        assertThat(lock.format()).isEqualTo(LockFile.Format.REBAR);
        // Hashes are keyed by the lock entry ("json"), the package is the pkg tuple's name ("jason");
        // rebar3 writes them in upper case.
        assertThat(lock.releases()).containsExactly(
                new LockedRelease("decimal", Version.parse("2.0.0"),
                        Optional.of("34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577"),
                        Optional.of("a78296e617b0f5dd4c6caf57c714431347912ffb1d0842e998e9792b5642d697")),
                new LockedRelease("jason", Version.parse("1.2.2"),
                        Optional.of("18a228f5f0058ee183f29f9eae0805c6e59d61c3b006760668d8d18ff0d12179"),
                        Optional.of("ba43e3f2709fd1aa1dce90aaabfd039d000469c05c56f0b8e31978e03fa39052")),
                new LockedRelease("telemetry", Version.parse("0.4.2"),
                        Optional.of("2d1419bd9dda6a206d7b5852179511722e2b18812310d304620c7bd92a13fcef"),
                        Optional.of("2808c992455e08d6177322f14d3bdb6b625fbcfd233a73505870d8738a2f4599")));
        assertThat(lock.notes()).extracting(SelectionNote::toString)
                .containsExactly("INFO: rebar.lock:2: skipped \"cowlib\": a git dependency is not a Hex package");
    }

    @Test
    void readsOldFormatThatIsJustTheList() throws Exception {
        LockFile lock = RebarLockParser.parse(resource("rebar-old.lock"), "rebar.lock");

        assertThat(lock.releases()).containsExactly(
                new LockedRelease("connection", Version.parse("1.0.4"), Optional.empty()),
                new LockedRelease("telemetry", Version.parse("0.4.2"), Optional.empty()));
        assertThat(lock.notes()).extracting(SelectionNote::message)
                .containsExactly("rebar.lock:2: skipped \"meck\": a git dependency is not a Hex package");
    }

    @Test
    void toleratesCommentsQuotedAtomsUtf8BinariesAndTrailingTerms() throws Exception {
        // rebar3 reads the first two terms and ignores other attributes and anything after them.
        LockFile lock = RebarLockParser.parse("""
                %% a hand-edited lock
                {"1.1.0",
                 [{<<"mime"/utf8>>, {pkg, <<"mime">>, <<"1.4.0">>}, 0},
                  {<<"x">>, {'hg', "https://example.org/x", {rev, "7"}}, 0}]}.
                [{a, x}, {pkg_hash, [{<<"mime">>, <<"5066F14944B470286146047D2F73518CF5CCA82F8E4815CF35D196B58CF07C47">>}]}, {b, y}].
                garbage.
                """, "rebar.lock");

        assertThat(lock.releases()).containsExactly(new LockedRelease("mime", Version.parse("1.4.0"), Optional.empty(),
                Optional.of("5066f14944b470286146047d2f73518cf5cca82f8e4815cf35d196b58cf07c47")));
        assertThat(lock.notes()).extracting(SelectionNote::message)
                .containsExactly("rebar.lock:4: skipped \"x\": a hg dependency is not a Hex package");
    }

    @Test
    void emptyLockHasNoEntries() throws Exception {
        assertThat(RebarLockParser.parse("[].\n", "rebar.lock").releases()).isEmpty();
        assertThat(RebarLockParser.parse("", "rebar.lock").releases()).isEmpty();
    }

    @Test
    void lockedReleasesVerifyAgainstTheRealRegistry() throws Exception {
        LockFile lock = RebarLockParser.parse(resource("rebar.lock"), "rebar.lock");
        Selection selection = DependencyClosure.compute(
                SelectionRequest.builder().addLocked(lock.releases()).newestN(1).build(), RegistryFixture.source());

        // jason 1.2.2's optional decimal "~> 1.0 or ~> 2.0" adds its newest match, 2.0.0, already locked.
        assertThat(selection.packages()).containsOnlyKeys("decimal", "jason", "telemetry");
        assertThat(selection.releaseCount()).isEqualTo(3);
        assertThat(selection.notes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input                                                | line | column | problem
            `[{<<"a">>,{pkg,<<"a">>,<<"1.0">>},0}].`               | 1    | 24     | version of "a": invalid version "1.0"
            `[{<<"a">>,{pkg,<<"a">>,<<"1.0.0">>},0}]`              | 1    | 40     | expected '.' to end the term but found the end of the file
            `[{<<"a">>}].`                                         | 1    | 2      | expected a lock entry {<<"name">>, {pkg, ...}, Level}, found a tuple of 1 element
            `[{<<"a">>,{pkg,<<"a">>},0}].`                         | 1    | 11     | expected {pkg, <<"name">>, <<"version">>} for "a"
            `[{<<"a-b">>,{pkg,<<"a">>,<<"1.0.0">>},0}].`           | 1    | 3      | expected a package name as lock entry name
            `{"1.2.0" [].`                                         | 1    | 10     | expected ',' or '}' in a tuple but found '['
            `#{a => 1}.`                                           | 1    | 1      | expected {"VERSION", [Locks]} or a list of locks, found a map
            `{"1.2.0",[]}.[{pkg_hash,[{<<"a">>,<<"XYZ">>}]}].`     | 1    | 35     | the pkg_hash checksum of "a" is not 64 hex digits: "XYZ"
            `{"1.2.0",[]}.[{pkg_hash,[{<<"a">>}]}].`               | 1    | 26     | expected {<<"name">>, <<"HEX">>} in pkg_hash
            `{<<"1.2.0">>}.`                                       | 1    | 1      | expected {"VERSION", [Locks]} or a list of locks, found a tuple of 1 element
            `[{<<"a">>,{pkg,<<"a">>,<<"1.0.0"/latin1>>},0}].`      | 1    | 34     | unsupported binary segment type 'latin1': only /utf8 is supported
            `[{<<"a">>,{pkg,<<"a">>,<<"1.0.0">>},0}`               | 1    | 39     | expected ',' or ']' in a list but found the end of the file
            `[{<<"a">>,{pkg,<<"a">>,"1.0.0`                        | 1    | 24     | unterminated string
            `{"1.2.0",[{<<"a">>,{pkg,<<"a">>,nil},0}]}.`          | 1    | 33     | expected a string for the version of "a", found the atom nil
            `{"1.2.0",[{<<"a">>,{pkg,foo@bar,<<"1.0.0">>},0}]}.`  | 1    | 25     | expected a package name as package name of "a", found the atom foo@bar
            """)
    void rejectsMalformedLocksNamingLineAndColumn(String input, int line, int column, String problem) {
        assertThatThrownBy(() -> RebarLockParser.parse(input, "rebar.lock"))
                .isInstanceOfSatisfying(SelectionSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("rebar.lock:" + line + ":" + column + ": ").contains(problem);
                });
    }

    @Test
    void errorsOnLaterLinesNameThatLine() {
        assertThatThrownBy(() -> RebarLockParser.parse("{\"1.2.0\",[\n  {<<\"a\">>,{pkg,<<\"a\">>,<<\"x\">>},0}]}.", "rebar.lock"))
                .isInstanceOf(SelectionSyntaxException.class)
                .hasMessageStartingWith("rebar.lock:2:25: version of \"a\"");
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        assertThatThrownBy(() -> RebarLockParser.parse("[".repeat(100_000), "rebar.lock"))
                .isInstanceOf(SelectionSyntaxException.class)
                .hasMessageContaining("rebar.lock:1:101: terms are nested more than 100 levels deep");
    }
}
