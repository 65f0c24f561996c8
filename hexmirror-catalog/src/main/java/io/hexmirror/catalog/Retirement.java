package io.hexmirror.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Why a release was retired, from the signed registry.
 *
 * @param reason one of {@code other}, {@code invalid}, {@code security}, {@code deprecated}, {@code renamed}
 *     (Hex's names), or {@code unknown} for a code this version does not know
 * @param message the publisher's explanation; may be empty
 */
public record Retirement(String reason, String message) {
    private static final String[] REASONS = {"other", "invalid", "security", "deprecated", "renamed"};

    public Retirement {
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
    }

    /** The retirement for the registry's numeric reason. */
    public static Retirement of(int reasonCode, String message) {
        String reason = reasonCode >= 0 && reasonCode < REASONS.length ? REASONS[reasonCode] : "unknown";
        return new Retirement(reason, message == null ? "" : message);
    }

    /** The reason for people: {@code Security}, {@code Deprecated}, ... */
    public String reasonLabel() {
        return reason.substring(0, 1).toUpperCase(Locale.ROOT) + reason.substring(1);
    }
}
