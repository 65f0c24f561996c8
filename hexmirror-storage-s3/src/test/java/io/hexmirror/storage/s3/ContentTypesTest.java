package io.hexmirror.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource({
            "names,application/octet-stream",
            "versions,application/octet-stream",
            "packages/decimal,application/octet-stream",
            "packages/report.json,application/octet-stream",
            "tarballs/decimal-2.0.0.tar,application/x-tar",
            "docs/decimal-2.0.0.tar.gz,application/gzip",
            "installs/hex-1.x.csv,text/csv",
            "public_key,text/plain",
            "index.html,text/html",
            "installs/hex-1.x.csv.signed,application/octet-stream",
            "mirror.json,application/json",
            "installs/1.14.0/hex-2.0.0.ez,application/octet-stream",
            "tarballs/odd-name,application/octet-stream"})
    void typesFollowTheKey(String key, String type) {
        assertThat(ContentTypes.forKey(key)).isEqualTo(type);
    }
}
