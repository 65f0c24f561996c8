package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest
    @CsvSource({
        "/names, names, NAMES",
        "//names, names, NAMES",
        "/packages/decimal, packages/decimal, PACKAGES",
        "//packages///decimal, packages/decimal, PACKAGES",
        "/tarballs/decimal-2.0.0.tar, tarballs/decimal-2.0.0.tar, TARBALLS",
        "/tarballs/foo-1.0.0%2Bbuild.1.tar, tarballs/foo-1.0.0+build.1.tar, TARBALLS",
        "/tarballs/foo-1.0.0+build.1.tar, tarballs/foo-1.0.0+build.1.tar, TARBALLS",
        "/docs/decimal-2.0.0.tar.gz, docs/decimal-2.0.0.tar.gz, DOCS",
        "/installs/1.14.0/hex-2.0.6-otp-25.ez, installs/1.14.0/hex-2.0.6-otp-25.ez, INSTALLS",
        "/public_key, public_key, PUBLIC_KEY",
    })
    void servedPathsBecomeKeys(String path, String key, ServedArea area) {
        assertThat(RequestTarget.resolve(path, "/")).isEqualTo(new RequestTarget.StoredObject(key, area));
    }

    @Test
    void prefixIsStrippedAndItsRootIsTheHomePage() {
        assertThat(RequestTarget.resolve("/hex/names", "/hex/")).isEqualTo(new RequestTarget.StoredObject("names", ServedArea.NAMES));
        assertThat(RequestTarget.resolve("/hex", "/hex/")).isInstanceOf(RequestTarget.Home.class);
        assertThat(RequestTarget.resolve("//hex//", "/hex/")).isInstanceOf(RequestTarget.Home.class);
        assertThat(RequestTarget.resolve("/", "/")).isInstanceOf(RequestTarget.Home.class);
        assertThat(RequestTarget.resolve("", "/")).isInstanceOf(RequestTarget.Home.class);
        assertThat(RequestTarget.resolve("/names", "/hex/")).isInstanceOf(RequestTarget.NotFound.class);
        assertThat(RequestTarget.resolve("/hexnames", "/hex/")).isInstanceOf(RequestTarget.NotFound.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/packages/..", "/packages/../names", "/%2e%2e/x", "/packages/%2E%2E", "/packages/..%2fnames",
        "/packages/a%5cb", "/packages/a\\b", "/packages/%00", "/packages/%", "/packages/%zz", "/packages/%2e"})
    void escapesAndMalformedPathsAreBadRequests(String path) {
        assertThat(RequestTarget.resolve(path, "/")).isInstanceOf(RequestTarget.BadRequest.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.hexmirror/state", "/%2ehexmirror/state", "/tarballs/.hexmirror-tmp-1.part", "/packages/", "/packages",
        "/tarballs/", "/other.html", "/repos/acme/names", "/packages/a/b", "/docs/a/b", "/names/x", "/installs/"})
    void reservedUnknownAndDirectoryPathsAreNotFound(String path) {
        assertThat(RequestTarget.resolve(path, "/")).isInstanceOf(RequestTarget.NotFound.class);
    }

    @Test
    void doubleEncodingIsDecodedOnlyOnce() {
        // "%252e%252e" is the literal name "%2e%2e": harmless, and simply not there.
        assertThat(RequestTarget.resolve("/packages/%252e%252e", "/"))
                .isEqualTo(new RequestTarget.StoredObject("packages/%2e%2e", ServedArea.PACKAGES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.html", "/browse/packages/plug.html", "/browse/search-index.json", "/catalog/packages/plug.json"})
    void catalogPagesAreServedObjects(String path) {
        assertThat(RequestTarget.resolve(path, "/")).isInstanceOf(RequestTarget.StoredObject.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/search", "/browse/search.html"})
    void searchIsAnsweredByTheServer(String path) {
        assertThat(RequestTarget.resolve(path, "/")).isInstanceOf(RequestTarget.Search.class);
    }
}
