package io.hexmirror.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoProxyTest {
    @Test
    void emptyOrMissingBypassesNothing() {
        assertThat(NoProxy.parse(null).bypasses("repo.hex.pm", 443)).isFalse();
        assertThat(NoProxy.parse("  ").bypasses("repo.hex.pm", 443)).isFalse();
    }

    @Test
    void starBypassesEverything() {
        assertThat(NoProxy.parse("*").bypasses("repo.hex.pm", 443)).isTrue();
        assertThat(NoProxy.parse("example.org, *").bypasses("10.1.2.3", 80)).isTrue();
    }

    @Test
    void hostNamesMatchThemselvesAndSubdomainsOnly() {
        NoProxy noProxy = NoProxy.parse("hex.pm");
        assertThat(noProxy.bypasses("hex.pm", 443)).isTrue();
        assertThat(noProxy.bypasses("repo.hex.pm", 443)).isTrue();
        assertThat(noProxy.bypasses("REPO.Hex.PM.", 443)).isTrue();
        assertThat(noProxy.bypasses("nothex.pm", 443)).isFalse();
        assertThat(noProxy.bypasses("hex.pm.evil.com", 443)).isFalse();
    }

    @Test
    void leadingDotOrStarDotMeansTheSameDomainSuffix() {
        for (String entry : new String[] {".hex.pm", "*.hex.pm"}) {
            NoProxy noProxy = NoProxy.parse(entry);
            assertThat(noProxy.bypasses("repo.hex.pm", 443)).as(entry).isTrue();
            assertThat(noProxy.bypasses("hex.pm", 443)).as(entry).isTrue();
            assertThat(noProxy.bypasses("xhex.pm", 443)).as(entry).isFalse();
        }
    }

    @Test
    void separatorsAreCommasAndWhitespace() {
        NoProxy noProxy = NoProxy.parse(" a.example ,b.example  c.example,,");
        assertThat(noProxy.bypasses("a.example", 80)).isTrue();
        assertThat(noProxy.bypasses("b.example", 80)).isTrue();
        assertThat(noProxy.bypasses("c.example", 80)).isTrue();
        assertThat(noProxy.bypasses("d.example", 80)).isFalse();
    }

    @Test
    void portsRestrictTheMatch() {
        NoProxy noProxy = NoProxy.parse("mirror.local:8080,[::1]:9000");
        assertThat(noProxy.bypasses("mirror.local", 8080)).isTrue();
        assertThat(noProxy.bypasses("mirror.local", 80)).isFalse();
        assertThat(noProxy.bypasses("::1", 9000)).isTrue();
        assertThat(noProxy.bypasses("[::1]", 9000)).isTrue();
        assertThat(noProxy.bypasses("::1", 9001)).isFalse();
    }

    @Test
    void ipAddressesMatchExactlyAndCidrBlocksByPrefix() {
        NoProxy noProxy = NoProxy.parse("192.168.1.10,10.0.0.0/8,172.16.0.0/12,::1,fd00::/8");
        assertThat(noProxy.bypasses("192.168.1.10", 80)).isTrue();
        assertThat(noProxy.bypasses("192.168.1.100", 80)).isFalse();
        assertThat(noProxy.bypasses("10.200.3.4", 80)).isTrue();
        assertThat(noProxy.bypasses("11.0.0.1", 80)).isFalse();
        assertThat(noProxy.bypasses("172.31.255.255", 80)).isTrue();
        assertThat(noProxy.bypasses("172.32.0.1", 80)).isFalse();
        assertThat(noProxy.bypasses("0:0:0:0:0:0:0:1", 80)).isTrue();
        assertThat(noProxy.bypasses("fd12:3456::1", 80)).isTrue();
        assertThat(noProxy.bypasses("fe80::1", 80)).isFalse();
        // Host names are never resolved to match address rules.
        assertThat(noProxy.bypasses("localhost", 80)).isFalse();
    }

    @Test
    void malformedEntriesAreIgnored() {
        NoProxy noProxy = NoProxy.parse("host:notaport,10.0.0.0/99,nothing/8,[::1,good.example");
        assertThat(noProxy.bypasses("host", 80)).isFalse();
        assertThat(noProxy.bypasses("10.0.0.1", 80)).isFalse();
        assertThat(noProxy.bypasses("good.example", 80)).isTrue();
    }
}
