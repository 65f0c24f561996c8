package io.hexmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "names | application/octet-stream",
        "versions | application/octet-stream",
        "packages/decimal | application/octet-stream",
        "packages/report.json | application/octet-stream",
        "tarballs/decimal-2.0.0.tar | application/octet-stream",
        "tarballs/odd-name | application/octet-stream",
        "public_key | text/plain; charset=utf-8",
        "docs/decimal-2.0.0.tar.gz | application/gzip",
        "installs/hex-1.x.csv | text/csv; charset=utf-8",
        "installs/hex-1.x.csv.signed | text/plain; charset=utf-8",
        "installs/1.14.0/hex-2.0.0.ez | application/octet-stream",
        "installs/1.14.0/rebar3-3.22.0-otp-26 | application/octet-stream",
    })
    void theHexLayoutIsServedAsHexPmServesIt(String key, String type) {
        assertThat(ContentTypes.forKey(key)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "docs/decimal/2.0.0/index.html | text/html; charset=utf-8",
        "docs/decimal/2.0.0/Decimal.HTML | text/html; charset=utf-8",
        "docs/decimal/2.0.0/dist/app-3f1.css | text/css; charset=utf-8",
        "docs/decimal/2.0.0/dist/app-3f1.js | text/javascript; charset=utf-8",
        "docs/decimal/2.0.0/dist/search_data-1.js | text/javascript; charset=utf-8",
        "docs/decimal/2.0.0/dist/inconsolata.woff2 | font/woff2",
        "docs/decimal/2.0.0/Decimal.epub | application/epub+zip",
        "docs/decimal/2.0.0/llms.txt | text/plain; charset=utf-8",
        "docs/decimal/2.0.0/decimal.md | text/markdown; charset=utf-8",
        "docs/decimal/2.0.0/logo.svg | image/svg+xml",
        "docs/decimal/2.0.0/logo.png | image/png",
        "search/index.json | application/json",
        "docs/decimal/2.0.0/.build | application/octet-stream",
        "docs/decimal/2.0.0/strange.unknownext | application/octet-stream",
        "docs/decimal.d/README | application/octet-stream",
    })
    void docsAndPagesGetTheirTypeFromTheExtension(String key, String type) {
        assertThat(ContentTypes.forKey(key)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource({"names", "packages/decimal", "tarballs/decimal-2.0.0.tar", "docs/decimal-2.0.0.tar.gz", "docs/x/app.js"})
    void noTypeAsksForATransferEncoding(String key) {
        // The registry files' gzip is part of the file: a type like application/x-gzip with an
        // encoding, or any parameter other than a charset, would tempt a server to add one.
        assertThat(ContentTypes.forKey(key)).doesNotContainIgnoringCase("encoding").doesNotContain("x-gzip");
    }
}
