package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SingleByteRangeTest {

    @ParameterizedTest
    @CsvSource({
        "bytes=0-9, 0, 9",
        "bytes=5-, 5, 99",
        "bytes=-10, 90, 99",
        "bytes=-1000, 0, 99",
        "bytes=90-1000, 90, 99",
        "'Bytes = 1 - 2', 1, 2",
        "bytes=99-99, 99, 99",
    })
    void satisfiableRangesWithinA100ByteFile(String header, long first, long last) {
        assertThat(SingleByteRange.parse(header).orElseThrow().resolve(100)).contains(new SingleByteRange.Span(first, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0"})
    void unsatisfiableRanges(String header) {
        assertThat(SingleByteRange.parse(header).orElseThrow().resolve(100)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,3-4", "bytes=abc", "items=0-1", "bytes=5-2", "bytes=-", "bytes=", "0-1",
        "bytes=99999999999999999999-"})
    void ignoredHeaders(String header) {
        assertThat(SingleByteRange.parse(header)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-1"})
    void nothingIsSatisfiableInAnEmptyFile(String header) {
        assertThat(SingleByteRange.parse(header).orElseThrow().resolve(0)).isEmpty();
    }
}
