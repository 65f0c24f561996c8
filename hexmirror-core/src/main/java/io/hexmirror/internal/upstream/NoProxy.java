package io.hexmirror.internal.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The hosts that bypass the proxy, from a {@code NO_PROXY} value, with curl's conventions: entries separated
 * by commas or spaces; {@code *} alone bypasses everything; {@code example.com} and {@code .example.com} (or
 * {@code *.example.com}) match that host and all its subdomains; {@code host:port} matches only that port; IP
 * addresses match exactly ({@code [::1]} for IPv6 with a port) and CIDR blocks ({@code 10.0.0.0/8}) match the
 * addresses inside. Host names are compared without DNS look-ups, case-insensitively. Immutable.
 */
final class NoProxy {
    static final NoProxy NONE = new NoProxy(List.of(), false);

    private final List<Rule> rules;
    private final boolean all;

    private NoProxy(List<Rule> rules, boolean all) {
        this.rules = rules;
        this.all = all;
    }

    static NoProxy parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        boolean all = false;
        for (String entry : value.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                all = true;
                continue;
            }
            Rule rule = Rule.parse(entry.toLowerCase(Locale.ROOT));
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new NoProxy(List.copyOf(rules), all);
    }

    /** Whether a request to {@code host:port} goes direct. */
    boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        String normalized = normalizeHost(host);
        for (Rule rule : rules) {
            if (rule.matches(normalized, port)) {
                return true;
            }
        }
        return false;
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static boolean isIpLiteral(String host) {
        return InetAddressUtils.isIPv4(host) || InetAddressUtils.isIPv6(host);
    }

    /** A literal address: parsing one never touches DNS. */
    private static byte[] addressBytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One entry: a host or domain suffix with an optional port, or a CIDR block. */
    private record Rule(String host, int port, byte[] network, int prefixLength) {
        static Rule parse(String entry) {
            int slash = entry.indexOf('/');
            if (slash > 0) {
                String address = entry.substring(0, slash);
                byte[] network = isIpLiteral(address) ? addressBytes(address) : null;
                int prefix;
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null; // not a CIDR block: no host can match it
                }
                if (network == null || prefix < 0 || prefix > network.length * 8) {
                    return null;
                }
                return new Rule(null, -1, network, prefix);
            }
            String host = entry;
            int port = -1;
            if (host.startsWith("[")) { // [v6] or [v6]:port
                int close = host.indexOf(']');
                if (close < 0) {
                    return null;
                }
                String rest = host.substring(close + 1);
                host = host.substring(1, close);
                if (rest.startsWith(":")) {
                    port = parsePort(rest.substring(1));
                }
            } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) { // host:port
                port = parsePort(host.substring(host.indexOf(':') + 1));
                host = host.substring(0, host.indexOf(':'));
            }
            if (host.startsWith("*.")) {
                host = host.substring(2);
            } else if (host.startsWith(".")) {
                host = host.substring(1);
            }
            host = normalizeHost(host);
            return host.isEmpty() || port == -2 ? null : new Rule(host, port, null, 0);
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text);
                return port >= 0 && port <= 65535 ? port : -2;
            } catch (NumberFormatException e) {
                return -2;
            }
        }

        boolean matches(String target, int targetPort) {
            if (network != null) {
                return isIpLiteral(target) && inNetwork(addressBytes(target));
            }
            if (port >= 0 && port != targetPort) {
                return false;
            }
            if (isIpLiteral(host)) {
                return isIpLiteral(target) && Arrays.equals(addressBytes(host), addressBytes(target));
            }
            return target.equals(host) || target.endsWith("." + host);
        }

        private boolean inNetwork(byte[] address) {
            if (address == null || address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int bits = prefixLength % 8;
            if (bits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - bits)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
