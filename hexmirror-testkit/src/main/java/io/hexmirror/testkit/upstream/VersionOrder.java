package io.hexmirror.testkit.upstream;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders versions as hex.pm writes them in registry files: SemVer 2.0 precedence (numeric
 * major/minor/patch, a pre-release before its release, numeric pre-release identifiers below
 * alphanumeric ones), with the full string as a tie-break so that versions differing only in build
 * metadata still get a total order.
 */
final class VersionOrder implements Comparator<String> {
    static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        Parsed pa = Parsed.of(a);
        Parsed pb = Parsed.of(b);
        for (int i = 0; i < 3; i++) {
            int c = compareNumeric(pa.core[i], pb.core[i]);
            if (c != 0) {
                return c;
            }
        }
        int c = comparePre(pa.pre, pb.pre);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int comparePre(String[] a, String[] b) {
        // No pre-release ranks above any pre-release of the same core version.
        if (a.length == 0 || b.length == 0) {
            return a.length == b.length ? 0 : a.length == 0 ? 1 : -1;
        }
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean na = isNumeric(a[i]);
            boolean nb = isNumeric(b[i]);
            int c;
            if (na && nb) {
                c = compareNumeric(a[i], b[i]);
            } else if (na != nb) {
                c = na ? -1 : 1;
            } else {
                c = a[i].compareTo(b[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareNumeric(String a, String b) {
        // Hex allows up to 14 digits, which a long holds; anything longer still compares exactly.
        if (a.length() <= 18 && b.length() <= 18) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return new BigInteger(a).compareTo(new BigInteger(b));
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private record Parsed(String[] core, String[] pre) {
        /** Versions are validated where they enter the repository; this only guards the shape. */
        static Parsed of(String version) {
            String rest = version;
            int plus = rest.indexOf('+');
            if (plus >= 0) {
                rest = rest.substring(0, plus);
            }
            String[] pre = new String[0];
            int dash = rest.indexOf('-');
            if (dash >= 0) {
                pre = rest.substring(dash + 1).split("\\.", -1);
                rest = rest.substring(0, dash);
            }
            String[] core = rest.split("\\.", -1);
            if (core.length != 3 || Arrays.stream(core).anyMatch(part -> !isNumeric(part))) {
                throw new IllegalArgumentException("invalid version '" + version + "'");
            }
            return new Parsed(core, pre);
        }
    }
}
