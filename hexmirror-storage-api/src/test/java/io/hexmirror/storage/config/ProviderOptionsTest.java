package io.hexmirror.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderOptionsTest {
    private static final String PASSWORD = "dav-Pa55-x9";
    private static final Set<String> KNOWN = Set.of("user", "password", "timeout", "part-size", "retries", "verify");
    private static final Set<String> SECRETS = Set.of("password");

    private static ProviderOptions of(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return ProviderOptions.of("webdav storage", map, KNOWN, SECRETS);
    }

    @Test
    void typedValuesAreRead() {
        ProviderOptions o = of("user", " mirror ", "password", " " + PASSWORD, "timeout", "30s", "part-size", "8M",
                "retries", "4", "verify", "FALSE");

        assertThat(o.string("user")).contains("mirror");
        assertThat(o.secret("password")).as("kept as given").contains(" " + PASSWORD);
        assertThat(o.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.size("part-size", 1)).isEqualTo(8L * 1024 * 1024);
        assertThat(o.integer("retries", 1, 10, 3)).isEqualTo(4);
        assertThat(o.bool("verify", true)).isFalse();
        assertThat(o.names()).containsExactly("part-size", "password", "retries", "timeout", "user", "verify");
    }

    @Test
    void absentOptionsGiveTheDefaults() {
        ProviderOptions o = of();

        assertThat(o.has("user")).isFalse();
        assertThat(o.string("user")).isEmpty();
        assertThat(o.secret("password")).isEmpty();
        assertThat(o.duration("timeout", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.size("part-size", 99)).isEqualTo(99);
        assertThat(o.integer("retries", 1, 10, 3)).isEqualTo(3);
        assertThat(o.bool("verify", true)).isTrue();
    }

    @Test
    void aFlagGivenWithoutAValueIsTrue() {
        assertThat(of("verify", "").bool("verify", false)).isTrue();
    }

    @Test
    void unknownOptionsAreRefusedByNameWithTheKnownOnesListed() {
        assertThatThrownBy(() -> of("colour", "blue", "user", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'colour' for webdav storage (known: part-size, password, retries, timeout, user, verify)");
        assertThatThrownBy(() -> of("colour", "blue", "passwd", PASSWORD))
                .hasMessageStartingWith("unknown options 'colour', 'passwd' for webdav storage")
                .message().doesNotContain(PASSWORD).doesNotContain("blue");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "verify|yes|option verify must be true or false, not 'yes'",
        "retries|many|option retries must be a whole number, not 'many'",
        "retries|11|option retries must be between 1 and 10, not '11'",
        "timeout|soon|option timeout: 'soon' is not a duration (examples: 500ms, 30s, 5m, 6h, 1d, PT1H30M)",
        "timeout|0s|option timeout: '0s' is not a positive duration",
        "part-size|lots|option part-size: 'lots' is not a size (examples: 80k, 2M, 4G, 4095MiB, 512)",
        "user|'  '|option user is empty",
        "password|''|option password is empty"})
    void badValuesAreRefusedNamingTheOption(String name, String value, String message) {
        ProviderOptions o = of(name, value);
        assertThatThrownBy(() -> {
            o.bool("verify", false);
            o.integer("retries", 1, 10, 3);
            o.duration("timeout", Duration.ofSeconds(1));
            o.size("part-size", 1);
            o.string("user");
            o.secret("password");
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aSecretIsNeverShownInMessagesOrToString() {
        ProviderOptions o = of("password", PASSWORD, "user", "mirror");

        assertThatThrownBy(() -> o.bool("password", false)).message().doesNotContain(PASSWORD).contains("password");
        assertThatThrownBy(() -> o.integer("password", 0, 1, 0)).message().doesNotContain(PASSWORD);
        assertThatThrownBy(() -> o.duration("password", Duration.ZERO)).message().doesNotContain(PASSWORD);
        assertThatThrownBy(() -> o.size("password", 1)).message().doesNotContain(PASSWORD);
        assertThat(o.toString()).isEqualTo("webdav storage options {password=****, user=mirror}");
        assertThat(o.mask("401 for mirror:" + PASSWORD + "@host")).isEqualTo("401 for mirror:****@host");
        assertThat(o.mask(null)).isNull();
    }

    @Test
    void aProviderAskingForAnUndeclaredOptionIsABug() {
        assertThatThrownBy(() -> of().string("colour")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour").hasMessageContaining("webdav storage");
        assertThatThrownBy(() -> ProviderOptions.of("x", Map.of(), Set.of("a"), Set.of("b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOptionsAreCopied() {
        Map<String, String> given = new LinkedHashMap<>(Map.of("user", "a"));
        ProviderOptions o = ProviderOptions.of("webdav storage", given, KNOWN, SECRETS);
        given.put("user", "b");

        assertThat(o.string("user")).isEqualTo(Optional.of("a"));
    }
}
