package io.hexmirror.tarball;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.MalformedDataException;
import io.hexmirror.erlang.ErlangAtom;
import io.hexmirror.erlang.ErlangTuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataConfigTest {
    private static final String WHERE = "tarballs/x-1.0.0.tar: metadata.config";
    private static final String NAME_AND_VERSION = "{<<\"name\">>,<<\"x\">>}.\n{<<\"version\">>,<<\"1.0.0\">>}.\n";

    private static MetadataConfig parse(String config) throws MalformedDataException {
        return MetadataConfig.parse(config.getBytes(StandardCharsets.UTF_8), WHERE);
    }

    private static void assertRefused(String config, String message) {
        assertThatThrownBy(() -> parse(config))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage(WHERE + ": " + message);
    }

    @Test
    void requirementsAsNamePropertyPairs() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + """
                {<<"requirements">>,
                 [{<<"decimal">>,
                   [{<<"app">>,<<"decimal">>},
                    {<<"optional">>,false},
                    {<<"repository">>,<<"hexpm">>},
                    {<<"requirement">>,<<"~> 1.6 or ~> 2.0">>}]},
                  {<<"jason">>,
                   [{<<"app">>,<<"jason">>},
                    {<<"optional">>,true},
                    {<<"repository">>,<<"hexpm">>},
                    {<<"requirement">>,<<"~> 1.0">>}]},
                  {<<"my_plug">>,
                   [{<<"app">>,<<"plug">>},
                    {<<"optional">>,false},
                    {<<"requirement">>,<<">= 1.0.0">>}]}]}.
                """);

        assertThat(config.requirements()).containsExactly(
                new MetadataRequirement("decimal", "decimal", "~> 1.6 or ~> 2.0", false, Optional.of("hexpm")),
                new MetadataRequirement("jason", "jason", "~> 1.0", true, Optional.of("hexpm")),
                new MetadataRequirement("my_plug", "plug", ">= 1.0.0", false, Optional.empty()));
    }

    @Test
    void requirementsAsLegacyPropertyListsHoldingTheName() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + """
                {<<"requirements">>,
                 [[{<<"app">>,<<"plug">>},
                   {<<"name">>,<<"plug">>},
                   {<<"optional">>,false},
                   {<<"requirement">>,<<"~> 1.0">>}],
                  [{<<"name">>,<<"cowboy">>},
                   {<<"optional">>,true},
                   {<<"repository">>,<<"hexpm">>},
                   {<<"requirement">>,<<"~> 1.0 or ~> 2.0">>}]]}.
                """);

        assertThat(config.requirements()).containsExactly(
                new MetadataRequirement("plug", "plug", "~> 1.0", false, Optional.empty()),
                new MetadataRequirement("cowboy", "cowboy", "~> 1.0 or ~> 2.0", true, Optional.of("hexpm")));
    }

    @Test
    void requirementsAsAMap() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION
                + "{<<\"requirements\">>, #{<<\"telemetry\">> => #{<<\"requirement\">> => <<\"~> 0.4\">>, <<\"optional\">> => false}}}.\n");

        assertThat(config.requirements())
                .containsExactly(new MetadataRequirement("telemetry", "telemetry", "~> 0.4", false, Optional.empty()));
    }

    @Test
    void requirementDefaultsForMissingAndNilProperties() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + """
                {<<"requirements">>,
                 [{<<"a">>, [{<<"requirement">>,<<"~> 1.0">>}]},
                  {<<"b">>, [{<<"app">>,nil},{<<"optional">>,nil},{<<"repository">>,nil},{<<"requirement">>,<<"1.0.0">>}]},
                  {"c", [{requirement, "~> 2.0"}, {optional, true}]}]}.
                """);

        assertThat(config.requirements()).containsExactly(
                new MetadataRequirement("a", "a", "~> 1.0", false, Optional.empty()),
                new MetadataRequirement("b", "b", "1.0.0", false, Optional.empty()),
                new MetadataRequirement("c", "c", "~> 2.0", true, Optional.empty()));
    }

    @Test
    void badRequirementsAreRefusedNamingTheEntry() {
        assertRefused(NAME_AND_VERSION + "{<<\"requirements\">>,[{<<\"a\">>,[{<<\"optional\">>,false}]}]}.",
                "line 3: key 'requirements' entry 'a' must be a requirement string but is {<<\"a\">>,[{<<\"optional\">>,false}]}");
        assertRefused(NAME_AND_VERSION + "{<<\"requirements\">>,[{<<\"a\">>,[{<<\"requirement\">>,<<\"1.0.0\">>},{<<\"optional\">>,<<\"yes\">>}]}]}.",
                "line 3: key 'requirements' entry 'a' must be optional as true or false but is <<\"yes\">>");
        assertRefused(NAME_AND_VERSION + "{<<\"requirements\">>,[[{<<\"requirement\">>,<<\"1.0.0\">>}]]}.",
                "line 3: key 'requirements' must be a list of {Name, Properties} pairs or of property lists holding a name"
                        + " but is [{<<\"requirement\">>,<<\"1.0.0\">>}]");
        assertRefused(NAME_AND_VERSION + "{<<\"requirements\">>,<<\"decimal\">>}.",
                "line 3: key 'requirements' must be a list but is <<\"decimal\">>");
    }

    @Test
    void missingOptionalKeysReadAsEmpty() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION);

        assertThat(config.name()).isEqualTo("x");
        assertThat(config.version()).isEqualTo("1.0.0");
        assertThat(config.app()).isEmpty();
        assertThat(config.description()).isEmpty();
        assertThat(config.licenses()).isEmpty();
        assertThat(config.buildTools()).isEmpty();
        assertThat(config.files()).isEmpty();
        assertThat(config.maintainers()).isEmpty();
        assertThat(config.links()).isEmpty();
        assertThat(config.elixirRequirement()).isEmpty();
        assertThat(config.requirements()).isEmpty();
        assertThat(config.raw()).containsOnlyKeys("name", "version");
    }

    @Test
    void nilAndUndefinedReadAsMissing() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + """
                {<<"elixir">>,nil}.
                {<<"description">>,undefined}.
                {<<"links">>,nil}.
                """);

        assertThat(config.elixirRequirement()).isEmpty();
        assertThat(config.description()).isEmpty();
        assertThat(config.links()).isEmpty();
        assertThat(config.raw()).containsEntry("elixir", new ErlangAtom("nil"));
    }

    @Test
    void everyKeyWithUtf8AndNestedValues() throws Exception {
        MetadataConfig config = parse("""
                {<<"app">>,<<"ex_doc">>}.
                {<<"build_tools">>,[<<"mix">>,<<"make">>]}.
                {<<"description">>,<<"ExDoc est un outil pour générer la documentation."/utf8>>}.
                {<<"elixir">>,<<"~> 1.10">>}.
                {<<"extra">>,[{<<"nested">>,[{<<"level">>,2},{<<"flags">>,[a,'B c']}]}]}.
                {<<"files">>,[<<"lib">>,<<"mix.exs">>]}.
                {<<"licenses">>,[<<"Apache-2.0">>,<<"MIT">>]}.
                {<<"links">>,[{<<"GitHub">>,<<"https://github.com/elixir-lang/ex_doc">>},{<<"Café"/utf8>>,<<"https://example.org">>}]}.
                {<<"maintainers">>,[<<"José Valim">>,<<"Eric Meadows-Jönsson"/utf8>>]}.
                {<<"name">>,<<"ex_doc">>}.
                {<<"requirements">>,[]}.
                {<<"version">>,<<"0.23.0">>}.
                """);

        assertThat(config.app()).isEqualTo("ex_doc");
        assertThat(config.buildTools()).containsExactly("mix", "make");
        assertThat(config.description()).isEqualTo("ExDoc est un outil pour générer la documentation.");
        assertThat(config.elixirRequirement()).contains("~> 1.10");
        assertThat(config.files()).containsExactly("lib", "mix.exs");
        assertThat(config.licenses()).containsExactly("Apache-2.0", "MIT");
        assertThat(config.links()).containsExactly(
                Map.entry("GitHub", "https://github.com/elixir-lang/ex_doc"), Map.entry("Café", "https://example.org"));
        assertThat(config.maintainers()).containsExactly("José Valim", "Eric Meadows-Jönsson");
        assertThat(config.raw().get("extra")).isEqualTo(List.of(ErlangTuple.of("nested", List.of(
                ErlangTuple.of("level", 2L), ErlangTuple.of("flags", List.of(new ErlangAtom("a"), new ErlangAtom("B c")))))));
        assertThat(config.raw().keySet()).containsExactly("app", "build_tools", "description", "elixir", "extra", "files",
                "licenses", "links", "maintainers", "name", "requirements", "version");
    }

    @Test
    void textMayBeAStringLiteral() throws Exception {
        MetadataConfig config = parse("{<<\"name\">>,\"x\"}.\n{<<\"version\">>,\"1.0.0\"}.\n{<<\"licenses\">>,[\"MIT\"]}.\n{<<\"description\">>,\"\"}.");

        assertThat(config.name()).isEqualTo("x");
        assertThat(config.version()).isEqualTo("1.0.0");
        assertThat(config.licenses()).containsExactly("MIT");
        assertThat(config.description()).isEmpty();
    }

    @Test
    void theLastOfARepeatedKeyWins() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + "{<<\"version\">>,<<\"2.0.0\">>}.\n");

        assertThat(config.version()).isEqualTo("2.0.0");
        assertThat(config.raw()).hasSize(2);
    }

    @Test
    void requiredKeysMustBePresent() {
        assertRefused("{<<\"version\">>,<<\"1.0.0\">>}.", "the required key 'name' is missing");
        assertRefused("{<<\"name\">>,<<\"x\">>}.", "the required key 'version' is missing");
        assertRefused("", "the required key 'name' is missing");
    }

    @Test
    void knownKeysWithTheWrongShapeAreRefusedWithTheirLine() {
        assertRefused(NAME_AND_VERSION + "{<<\"licenses\">>,<<\"MIT\">>}.",
                "line 3: key 'licenses' must be a list of strings but is <<\"MIT\">>");
        assertRefused(NAME_AND_VERSION + "\n{<<\"files\">>,[<<\"lib\">>, lib]}.",
                "line 4: key 'files' must be a list of strings but is lib");
        assertRefused(NAME_AND_VERSION + "{<<\"links\">>,[{<<\"GitHub\">>, 42}]}.",
                "line 3: key 'links' entry 'GitHub' must be a string but is 42");
        assertRefused(NAME_AND_VERSION + "{<<\"links\">>,[<<\"https://example.org\">>]}.",
                "line 3: key 'links' must be a list of {Name, Value} pairs but is [<<\"https://example.org\">>]");
        assertRefused("{<<\"name\">>,{x}}.\n{<<\"version\">>,<<\"1.0.0\">>}.",
                "line 1: key 'name' must be a string but is {x}");
    }

    @Test
    void termsThatAreNotKeyValuePairsAreRefused() {
        assertRefused(NAME_AND_VERSION + "ok.", "line 3: expected a {<<\"key\">>, Value} pair but found ok");
        assertRefused("{<<\"name\">>,<<\"x\">>,extra}.", "line 1: expected a {<<\"key\">>, Value} pair but found {<<\"name\">>,<<\"x\">>,extra}");
        assertRefused("{42,<<\"x\">>}.", "line 1: expected a {<<\"key\">>, Value} pair but found {42,<<\"x\">>}");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertRefused(NAME_AND_VERSION + "{<<\"links\">>, [{<<\"GitHub\">> <<\"x\">>}]}.",
                "line 3, column 30: expected ',' or '}' in a tuple but found '<'");
    }

    @Test
    void valuesAreImmutableAndEqualByContent() throws Exception {
        MetadataConfig config = parse(NAME_AND_VERSION + "{<<\"licenses\">>,[<<\"MIT\">>]}.");

        assertThat(config).isEqualTo(parse(NAME_AND_VERSION + "{<<\"licenses\">>,[<<\"MIT\">>]}."));
        assertThat(config).hasSameHashCodeAs(parse(NAME_AND_VERSION + "{<<\"licenses\">>,[<<\"MIT\">>]}."));
        assertThat(config).isNotEqualTo(parse(NAME_AND_VERSION));
        assertThatThrownBy(() -> config.raw().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.licenses().add("GPL")).isInstanceOf(UnsupportedOperationException.class);
        assertThat((List<?>) config.raw().get("licenses")).isUnmodifiable();
        assertThat(config).hasToString("MetadataConfig[name=x, version=1.0.0, keys=[name, version, licenses]]");
    }
}
