package io.hexmirror.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixLockParserTest {

    @Test
    void readsCurrentMixLockWithHexGitPathAndOrganisationEntries() throws Exception {
        LockFile lock = MixLockParser.parse(resource("mix.lock"), "mix.lock");

        assertThat(lock.format()).isEqualTo(LockFile.Format.MIX);
        assertThat(lock.releases()).extracting(LockedRelease::toString).containsExactly(
                "connection 1.0.4", "db_connection 2.2.2", "decimal 1.9.0", "jason 1.2.2", "mime 1.4.0",
                "phoenix 1.5.4", "phoenix_html 2.14.2", "phoenix_pubsub 2.0.0", "plug 1.10.4", "plug_cowboy 2.3.0",
                "plug_crypto 1.1.2", "postgrex 0.15.5", "telemetry 0.4.2");
        LockedRelease telemetry = lock.releases().get(12);
        assertThat(telemetry.outerChecksum()).contains("2d1419bd9dda6a206d7b5852179511722e2b18812310d304620c7bd92a13fcef");
        assertThat(telemetry.innerChecksum()).contains("2808c992455e08d6177322f14d3bdb6b625fbcfd233a73505870d8738a2f4599");
        assertThat(lock.notes()).extracting(SelectionNote::toString).containsExactly(
                "INFO: mix.lock:2: skipped \"acme_auth\": package acme_auth 0.3.1 comes from repository \"hexpm:acme\","
                        + " which is not mirrored",
                "INFO: mix.lock:4: skipped \"cowboy\": a :git dependency is not a Hex package",
                "INFO: mix.lock:9: skipped \"my_utils\": a :path dependency is not a Hex package");
    }

    @Test
    void readsOldSixAndSevenElementTuplesWithArrowKeys() throws Exception {
        // Hex before 0.18 wrote no outer checksum; before that no repository either.
        LockFile lock = MixLockParser.parse(resource("mix-old.lock"), "mix-old.lock");

        assertThat(lock.releases()).containsExactly(
                new LockedRelease("connection", Version.parse("1.0.4"), Optional.empty(),
                        Optional.of("a1cae72211f0eef17705aaededacac3eb30e6625b04a6117c1b2db6ace7d5976")),
                new LockedRelease("db_connection", Version.parse("1.1.3"), Optional.empty(),
                        Optional.of("89b30ca1ef0a3b469b1c779579590688561d586694a3ce8792985d4d7e575a61")),
                new LockedRelease("decimal", Version.parse("1.4.1"), Optional.empty(),
                        Optional.of("ad9e501edf7322f122f7fc151cce7c2a0c9ada96f2b0155b8a09a795c2029770")),
                new LockedRelease("postgrex", Version.parse("0.13.5"), Optional.empty(),
                        Optional.of("3d931aba29363e1443da167a4b12f06dcd171103c424de15e5f3fc2ba3e6d9c5")));
        assertThat(lock.notes()).extracting(SelectionNote::message)
                .containsExactly("mix-old.lock:4: skipped \"ecto\": a :git dependency is not a Hex package");
    }

    @Test
    void readsTheOldestThreeElementTupleAndPackageNamesThatDifferFromTheKey() throws Exception {
        LockFile lock = MixLockParser.parse("""
                %{"decimal": {:hex, :decimal, "1.1.0"},
                  "my_json": {:hex, :jason, "1.2.2", "ba43e3f2709fd1aa1dce90aaabfd039d000469c05c56f0b8e31978e03fa39052", [:mix], [], "hexpm"}}
                """, "mix.lock");

        assertThat(lock.releases()).containsExactly(
                new LockedRelease("decimal", Version.parse("1.1.0"), Optional.empty()),
                new LockedRelease("jason", Version.parse("1.2.2"), Optional.empty(),
                        Optional.of("ba43e3f2709fd1aa1dce90aaabfd039d000469c05c56f0b8e31978e03fa39052")));
    }

    @Test
    void blankFileHasNoEntries() throws Exception {
        assertThat(MixLockParser.parse(" \n", "mix.lock").releases()).isEmpty();
        assertThat(MixLockParser.parse("%{}\n", "mix.lock").releases()).isEmpty();
    }

    @Test
    void lockedReleasesVerifyAgainstTheRealRegistry() throws Exception {
        // Every checksum in the resource was copied from the registry data: the closure accepts them
        // and follows the locked releases' dependencies (here without optional ones).
        LockFile lock = MixLockParser.parse(resource("mix.lock"), "mix.lock");
        Selection selection = DependencyClosure.compute(SelectionRequest.builder().addLocked(lock.releases())
                .includeOptional(false).build(), RegistryFixture.source());

        for (LockedRelease release : lock.releases()) {
            assertThat(selection.contains(release.name(), release.version())).as("%s selected", release).isTrue();
        }
        // postgrex 0.15.5 needs decimal ~> 1.5: 1.5.0 .. 1.9.0 and nothing of 2.x.
        assertThat(selection.versions("decimal")).map(Version::toString)
                .containsExactly("1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.8.1", "1.9.0");
        // plug_cowboy 2.3.0 needs cowboy, which is neither in the fixture nor a Hex entry of this lock.
        assertThat(selection.notes()).extracting(SelectionNote::message)
                .containsExactly("package cowboy was not found upstream (required by plug_cowboy 2.3.0)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input                                          | line | column | problem
            `[1, 2]`                                         | 1    | 1      | expected a map %{...} of lock entries, found a list
            `%{"a" => {:hex, :a, "1.0"}}`                    | 1    | 21     | version of "a": invalid version "1.0" at column 4
            `%{"a": {:hex, :a, "1.0.0"}`                     | 1    | 27     | expected ',' or '}', found the end of the file
            `%{"a": {:hex, :a, "1.0.0", "zz"}}`              | 1    | 28     | the inner checksum of "a" is not 64 hex digits: "zz"
            `%{"a": :hex}`                                   | 1    | 8      | expected a lock tuple such as {:hex, ...} for "a", found atom hex
            `%{"a": {:hex, :"bad-name", "1.0.0"}}`           | 1    | 15     | expected a Hex package name as second element for "a"
            `%{"a": {:hex, :a}}`                             | 1    | 8      | the :hex entry for "a" has 2 elements
            `%{"a": {:hex, :a, :"1.0.0"}}`                   | 1    | 19     | expected a string for the version of "a", found atom 1.0.0
            `%{"a" {:hex}}`                                  | 1    | 7      | expected '=>' after a map key, found '{'
            `%{"a": {:hex, :a, "1.0.0}}`                     | 1    | 19     | unterminated string
            `%{"a": {:hex, :a, "1.0.0"}} extra`              | 1    | 29     | unexpected 'e' after the end of the term
            `%{"a": {:hex, :a, "1.0.0", Foo}}`               | 1    | 28     | unexpected identifier 'Foo', expected a literal term
            `%{"a": {:hex, :a, "1.0.0"};}`                   | 1    | 27     | expected ',' or '}', found ';'
            `%{1 => {:hex, :a, "1.0.0"}}`                    | 1    | 3      | expected a dependency name as map key, found integer 1
            `%{"a": {:hex, :a, "1.0.0", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", [:mix], [], "hexpm", "AB"}}` | 1 | 117 | the outer checksum of "a" is not 64 hex digits
            `%{"a": {:hex, :a, "1.0.0", [:mix], [], "hexpm"}}` | 1 | 28 | expected a string for the inner checksum of "a", found a list
            """)
    void rejectsMalformedLocksNamingLineAndColumn(String input, int line, int column, String problem) {
        assertThatThrownBy(() -> MixLockParser.parse(input, "mix.lock"))
                .isInstanceOfSatisfying(SelectionSyntaxException.class, e -> {
                    assertThat(e.source()).isEqualTo("mix.lock");
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("mix.lock:" + line + ":" + column + ": ").contains(problem);
                });
    }

    @Test
    void errorsOnLaterLinesNameThatLine() {
        String text = """
                %{
                  "a": {:hex, :a, "1.0.0", "a1cae72211f0eef17705aaededacac3eb30e6625b04a6117c1b2db6ace7d5976", [:mix], []},
                  "b": {:hex, :b, "2.0.0-"}
                }
                """;
        assertThatThrownBy(() -> MixLockParser.parse(text, "apps/web/mix.lock"))
                .hasMessage("apps/web/mix.lock:3:19: version of \"b\": invalid version \"2.0.0-\" at column 7:"
                        + " empty pre-release identifier");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = MixLockParserTest.class.getResourceAsStream("/selection/" + name)) {
            if (in == null) {
                throw new IOException("test resource selection/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        assertThatThrownBy(() -> MixLockParser.parse("%{\"a\" => " + "[".repeat(100_000), "mix.lock"))
                .isInstanceOf(SelectionSyntaxException.class)
                .hasMessageContaining("terms are nested more than 100 levels deep");
    }
}
