package io.hexmirror.selection;

import static io.hexmirror.selection.MixLockParserTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.version.Requirement;
import io.hexmirror.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectionFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryDirectiveAndTheLockFilesItNames() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/mix.lock"), resource("mix.lock"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("rebar.lock"), resource("rebar-old.lock"), StandardCharsets.UTF_8);
        Path file = dir.resolve("conf/selection.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                # What the offline build farm needs
                package phoenix ~> 1.5.0 or ~> 1.4.17
                package jason 1.2.2          # exactly this one
                \tpackage  plug_cowboy
                lock ../app/mix.lock
                lock ../rebar.lock

                exclude telemetry_poller  ranch
                option include-optional false
                option prereleases true
                option newest 2
                """, StandardCharsets.UTF_8);

        SelectionFile selection = SelectionFile.read(file);

        assertThat(selection.packages()).containsExactly(
                PackageSelector.of("phoenix", Requirement.parse("~> 1.5.0 or ~> 1.4.17")),
                PackageSelector.of("jason", Requirement.parse("1.2.2")),
                PackageSelector.of("plug_cowboy"));
        assertThat(selection.locks()).extracting(LockFile::format).containsExactly(LockFile.Format.MIX, LockFile.Format.REBAR);
        assertThat(selection.locks().get(0).releases()).hasSize(13);
        assertThat(selection.locks().get(1).releases()).extracting(LockedRelease::toString)
                .containsExactly("connection 1.0.4", "telemetry 0.4.2");
        assertThat(selection.excludes()).containsExactly("ranch", "telemetry_poller");
        assertThat(selection.includeOptional()).contains(false);
        assertThat(selection.allowPreReleases()).contains(true);
        assertThat(selection.newestN()).contains(2);
        assertThat(selection.notes()).hasSize(4);

        SelectionRequest request = selection.addTo(SelectionRequest.builder()).build();
        assertThat(request.packages()).hasSize(3);
        assertThat(request.locked()).hasSize(15);
        assertThat(request.excludes()).containsExactly("ranch", "telemetry_poller");
        assertThat(request.includeOptional()).isFalse();
        assertThat(request.allowPreReleases()).isTrue();
        assertThat(request.newestN()).contains(2);
    }

    @Test
    void optionsLeftOutKeepTheBuildersSettings() throws Exception {
        SelectionFile selection = SelectionFile.parse("package plug ~> 1.10\n", "sel.txt", dir);
        SelectionRequest request = selection.addTo(SelectionRequest.builder().includeOptional(false).newestN(3)).build();

        assertThat(selection.includeOptional()).isEmpty();
        assertThat(selection.newestN()).isEmpty();
        assertThat(request.includeOptional()).isFalse();
        assertThat(request.allowPreReleases()).isFalse();
        assertThat(request.newestN()).contains(3);
    }

    @Test
    void aSelectionFileDrivesTheClosure() throws Exception {
        SelectionFile file = SelectionFile.parse("""
                package plug ~> 1.10
                exclude telemetry
                option newest 1
                """, "sel.txt", dir);

        Selection selection = DependencyClosure.compute(file.addTo(SelectionRequest.builder()).build(),
                RegistryFixture.source());

        assertThat(selection.packages()).containsOnlyKeys("plug", "mime", "plug_crypto");
        assertThat(selection.versions("plug")).containsExactly(Version.parse("1.10.4"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # text                              | line | column | problem
            `packages plug`                     | 1    | 1      | unknown directive "packages", expected package, lock, exclude or option
            `package`                           | 1    | 8      | expected a package name after "package"
            `package Plug-X ~> 1.0`             | 1    | 9      | invalid package name "Plug-X"
            `package plug ~> 1`                 | 1    | 18     | requirement for plug: invalid requirement "~> 1" at column 5
            `\\n\\npackage  plug >= 1.0.0 and`  | 3    | 27     | expected a version after 'and'
            `exclude`                           | 1    | 8      | expected at least one package name after "exclude"
            `exclude ok 9bad`                   | 1    | 12     | invalid package name "9bad"
            `lock`                              | 1    | 5      | expected the path of a mix.lock or rebar.lock after "lock"
            `lock missing/mix.lock`             | 1    | 6      | does not exist
            `option newest 0`                   | 1    | 15     | option newest takes a whole number of at least 1, not "0"
            `option newest two`                 | 1    | 15     | option newest takes a whole number of at least 1, not "two"
            `option prereleases yes`            | 1    | 20     | option prereleases takes true or false, not "yes"
            `option colour blue`                | 1    | 8      | unknown option "colour"
            `option newest`                     | 1    | 14     | expected a value for option newest
            `option newest 1 2`                 | 1    | 17     | unexpected text after the value of option newest
            `option newest 1\\noption newest 2` | 2    | 8      | option newest is already set on line 1
            """)
    void rejectsInvalidLinesNamingLineAndColumn(String text, int line, int column, String problem) {
        String input = text.replace("\\n", "\n");
        assertThatThrownBy(() -> SelectionFile.parse(input, "sel.txt", dir))
                .isInstanceOfSatisfying(SelectionSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("sel.txt:" + line + ":" + column + ": ").contains(problem);
                });
    }

    @Test
    void aBrokenLockFileIsReportedWithItsOwnPosition() throws Exception {
        Files.writeString(dir.resolve("mix.lock"), "%{\n  \"a\": {:hex, :a, \"1.0\"}\n}\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SelectionFile.parse("lock mix.lock\n", "sel.txt", dir))
                .isInstanceOf(SelectionSyntaxException.class)
                .hasMessageStartingWith(dir.resolve("mix.lock") + ":2:19: version of \"a\": invalid version \"1.0\"");
    }

    @Test
    void lockFormatIsChosenByNameOrContent() throws Exception {
        Files.writeString(dir.resolve("deps.lock"), resource("mix-old.lock"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("erlang.lock"), resource("rebar.lock"), StandardCharsets.UTF_8);

        assertThat(LockFile.read(dir.resolve("deps.lock")).format()).isEqualTo(LockFile.Format.MIX);
        assertThat(LockFile.read(dir.resolve("erlang.lock")).format()).isEqualTo(LockFile.Format.REBAR);
        assertThat(LockFile.read(dir.resolve("erlang.lock")).releases()).hasSize(3);
        assertThat(LockFile.read(dir.resolve("deps.lock")).source()).isEqualTo(dir.resolve("deps.lock").toString());
    }

    @Test
    void requestRejectsProgrammingErrors() {
        assertThatThrownBy(() -> SelectionRequest.builder().newestN(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("newestN must be at least 1, was 0");
        assertThatThrownBy(() -> SelectionRequest.builder().exclude("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid package name '../x'");
        assertThatThrownBy(() -> new LockedRelease("x", Version.tryParse("1.0.0").orElseThrow(), Optional.of("abc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("outerChecksum is not 64 hex digits: 'abc'");
        assertThat(new LockedRelease("x", Version.tryParse("1.0.0").orElseThrow(), Optional.of("AB".repeat(32)))
                .outerChecksum()).contains("ab".repeat(32));
        assertThat(List.of(PackageSelector.of("plug"))).extracting(PackageSelector::toString).containsExactly("plug");
    }
}
