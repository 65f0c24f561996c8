package io.hexmirror.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.version.Requirement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageSelectorTest {
    @ParameterizedTest
    @ValueSource(strings = {"phoenix:~> 1.7", "phoenix ~> 1.7", "  phoenix   ~> 1.7 ", "phoenix: ~> 1.7"})
    void everyFormWithARequirementReadsTheSame(String text) throws Exception {
        assertThat(PackageSelector.parse(text)).isEqualTo(PackageSelector.of("phoenix", Requirement.parse("~> 1.7")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"phoenix", " phoenix "})
    void aBareNameSelectsEveryRelease(String text) {
        assertThat(PackageSelector.parse(text)).isEqualTo(PackageSelector.of("phoenix"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ../etc            | invalid package name '../etc' (expected NAME, NAME:REQUIREMENT or NAME REQUIREMENT)
            a/b:~> 1.0        | invalid package name 'a/b' in 'a/b:~> 1.0'
            phoenix:          | missing requirement after the package name in 'phoenix:'
            phoenix ~> x      | requirement for phoenix in 'phoenix ~> x':
            """)
    void badInputIsRefusedNamingIt(String text, String message) {
        assertThatThrownBy(() -> PackageSelector.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"phoenix", "phoenix ~> 1.7"})
    void theSelectionFileFormRoundTrips(String text) {
        assertThat(PackageSelector.parse(text)).hasToString(text);
    }
}
