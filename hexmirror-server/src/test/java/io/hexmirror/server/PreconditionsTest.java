package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private static final String ETAG = "\"abc,def\"";
    private static final Instant MODIFIED = Instant.parse("2024-05-01T10:15:30.750Z");

    private static Preconditions.Outcome evaluate(HttpFields headers) {
        return Preconditions.evaluate(headers, ETAG, MODIFIED);
    }

    @Test
    void entityTagListsAreParsedWithCommasInsideTags() {
        HttpFields headers = HttpFields.build().add(HttpHeader.IF_NONE_MATCH, "W/\"x\", \"abc,def\"").add(HttpHeader.IF_NONE_MATCH, "*");

        assertThat(Preconditions.entityTags(headers, HttpHeader.IF_NONE_MATCH)).containsExactly("W/\"x\"", "\"abc,def\"", "*");
    }

    @Test
    void emptyOrBlankIfNoneMatchIsAbsent() {
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_NONE_MATCH, ""))).isEqualTo(Preconditions.Outcome.PROCEED);
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_NONE_MATCH, "  "))).isEqualTo(Preconditions.Outcome.PROCEED);
        // ...so If-Modified-Since applies.
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_NONE_MATCH, "").add(HttpHeader.IF_MODIFIED_SINCE,
                Preconditions.httpDate(MODIFIED)))).isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
    }

    @Test
    void datesCompareAtSecondResolution() {
        // Last-Modified drops the 750 ms; a client echoing it back must get 304.
        assertThat(Preconditions.httpDate(MODIFIED)).isEqualTo("Wed, 01 May 2024 10:15:30 GMT");
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_MODIFIED_SINCE, "Wed, 01 May 2024 10:15:30 GMT")))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_MODIFIED_SINCE, "Wed, 01 May 2024 10:15:29 GMT")))
                .isEqualTo(Preconditions.Outcome.PROCEED);
    }

    @Test
    void obsoleteDateFormatsAreUnderstood() {
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_MODIFIED_SINCE, "Wednesday, 01-May-24 10:15:30 GMT")))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(evaluate(HttpFields.build().add(HttpHeader.IF_MODIFIED_SINCE, "Wed May  1 10:15:30 2024")))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
    }

    @Test
    void ifRangeNeedsAStrongMatchOrTheExactDate() {
        assertThat(Preconditions.rangeApplies(HttpFields.build(), ETAG, MODIFIED)).isTrue();
        assertThat(Preconditions.rangeApplies(HttpFields.build().add(HttpHeader.IF_RANGE, ETAG), ETAG, MODIFIED)).isTrue();
        assertThat(Preconditions.rangeApplies(HttpFields.build().add(HttpHeader.IF_RANGE, "W/" + ETAG), ETAG, MODIFIED)).isFalse();
        assertThat(Preconditions.rangeApplies(HttpFields.build().add(HttpHeader.IF_RANGE, "Wed, 01 May 2024 10:15:30 GMT"), ETAG, MODIFIED))
                .isTrue();
        assertThat(Preconditions.rangeApplies(HttpFields.build().add(HttpHeader.IF_RANGE, "Wed, 01 May 2024 10:15:31 GMT"), ETAG, MODIFIED))
                .isFalse();
    }
}
