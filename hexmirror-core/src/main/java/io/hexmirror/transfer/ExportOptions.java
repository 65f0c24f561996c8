package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

import io.hexmirror.internal.transfer.BundleLayout;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to export.
 *
 * @param full whether to export every file of the mirror (for an empty mirror on the far side)
 * @param since export what changed after this generation; 0 with {@code full}
 * @param request the request being answered, if any: its mirror and generation are checked, and
 *     the packages it asks for are looked up
 * @param volumeSize cut the bundle into volumes of this many bytes
 */
public record ExportOptions(boolean full, long since, Optional<TransferRequest> request, OptionalLong volumeSize) {
    public ExportOptions {
        requireNonNull(request, "request is null");
        requireNonNull(volumeSize, "volumeSize is null");
        if (since < 0) {
            throw new IllegalArgumentException("since is negative: " + since);
        }
        if (full && since != 0) {
            throw new IllegalArgumentException("a full export has no starting generation");
        }
        if (volumeSize.isPresent() && volumeSize.getAsLong() < BundleLayout.RECORD) {
            throw new IllegalArgumentException("volume size must be at least " + BundleLayout.RECORD + " bytes, not "
                    + volumeSize.getAsLong());
        }
    }

    /** Every file of the mirror. */
    public static ExportOptions fullCopy() {
        return new ExportOptions(true, 0, Optional.empty(), OptionalLong.empty());
    }

    /** What changed after {@code generation}. */
    public static ExportOptions since(long generation) {
        return new ExportOptions(false, generation, Optional.empty(), OptionalLong.empty());
    }

    /**
     * What the request's mirror needs: everything for an empty mirror, otherwise what changed after
     * its generation.
     */
    public static ExportOptions answering(TransferRequest request) {
        requireNonNull(request, "request is null");
        return new ExportOptions(request.generation() == 0, request.generation(), Optional.of(request), OptionalLong.empty());
    }

    public ExportOptions withVolumeSize(long bytes) {
        return new ExportOptions(full, since, request, OptionalLong.of(bytes));
    }
}
