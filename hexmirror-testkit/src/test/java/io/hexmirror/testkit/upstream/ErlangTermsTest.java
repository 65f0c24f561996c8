package io.hexmirror.testkit.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErlangTermsTest {
    @Test
    void binariesAreQuotedEscapedAndMarkedUtf8WhenNotAscii() {
        assertThat(ErlangTerms.binary("plug")).isEqualTo("<<\"plug\">>");
        assertThat(ErlangTerms.binary("say \"hi\" \\ bye\n")).isEqualTo("<<\"say \\\"hi\\\" \\\\ bye\\n\">>");
        assertThat(ErlangTerms.binary("Décimal")).isEqualTo("<<\"Décimal\"/utf8>>");
    }

    @Test
    void atomsAreQuotedOnlyWhenNeeded() {
        assertThat(ErlangTerms.atom("plug_crypto")).isEqualTo("plug_crypto");
        assertThat(ErlangTerms.atom("Plug")).isEqualTo("'Plug'");
        assertThat(ErlangTerms.atom("end")).isEqualTo("'end'");
        assertThat(ErlangTerms.atom("it's")).isEqualTo("'it\\'s'");
    }

    @Test
    void entriesAreConsultTerms() {
        assertThat(ErlangTerms.entry("licenses", ErlangTerms.list(List.of("MIT", "Apache-2.0"), ErlangTerms::binary)))
                .isEqualTo("{<<\"licenses\">>,[<<\"MIT\">>,<<\"Apache-2.0\">>]}.\n");
        assertThat(ErlangTerms.list(List.of(), ErlangTerms::binary)).isEqualTo("[]");
    }
}
