package io.hexmirror.transfer;

import static java.util.Objects.requireNonNull;

import io.hexmirror.MalformedDataException;
import io.hexmirror.generation.DerivedKeys;
import io.hexmirror.mirror.ReservedKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a bundle says about itself: the first member of its tar, {@value #MEMBER}, gzipped JSON.
 *
 * <p>A bundle brings a mirror from its base generation to its target generation: it carries the
 * newest content of every file that changed in between, and the removal of every file removed.
 * A full bundle (base 0) carries every file of the mirror at its target generation.
 *
 * <p>File contents travel in "packs", tar members named {@code data/000001}, {@code data/000002},
 * ... that hold many files back to back, each entry naming its pack and offset; packing keeps the
 * 512-byte tar header and padding of a member off every small file.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param mirrorId the id of the mirror the bundle was exported from
 * @param full whether the bundle holds the whole mirror (then the base is 0, and an import
 *     removes any file the bundle does not hold)
 * @param baseGeneration the generation the bundle applies to; 0 for a full bundle or one that
 *     holds every change since the mirror began; the target generation itself for an empty bundle
 *     (exported for a mirror that was up to date)
 * @param baseGenerationId the id of the base generation; empty when it is 0
 * @param target the generation a mirror is at after the import
 * @param generations the source's generations after the base up to the target, as far as it knows
 *     them; an import into a mirror that is already at one of them checks its id here
 * @param createdAt when the bundle was written
 * @param volumeSize the size of every volume but the last, when the bundle was split
 * @param packs the data members, in the order they follow the manifest
 * @param entries the files and removals, in the order an import publishes them
 */
public record BundleManifest(
        int formatVersion,
        String mirrorId,
        boolean full,
        long baseGeneration,
        Optional<String> baseGenerationId,
        GenerationRef target,
        List<GenerationRef> generations,
        Instant createdAt,
        OptionalLong volumeSize,
        List<Pack> packs,
        List<BundleEntry> entries) {

    /** The name of the manifest member, the first of every bundle. */
    public static final String MEMBER = "MANIFEST.json.gz";
    public static final String FORMAT = "hexmirror-bundle";
    public static final int FORMAT_VERSION = 1;

    /** A data member: its name and length. */
    public record Pack(String member, long size) {
        public Pack {
            requireNonNull(member, "member is null");
            if (size < 0) {
                throw new IllegalArgumentException("pack " + member + " has a negative size");
            }
        }
    }

    public BundleManifest {
        requireNonNull(mirrorId, "mirrorId is null");
        requireNonNull(baseGenerationId, "baseGenerationId is null");
        requireNonNull(target, "target is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(volumeSize, "volumeSize is null");
        generations = List.copyOf(generations);
        packs = List.copyOf(packs);
        entries = List.copyOf(entries);
    }

    /** The files the bundle carries (not the removals). */
    public long fileCount() {
        return entries.stream().filter(e -> !e.deleted()).count();
    }

    /** The removals. */
    public long removalCount() {
        return entries.stream().filter(BundleEntry::deleted).count();
    }

    /** The total length of the files carried. */
    public long contentBytes() {
        return entries.stream().mapToLong(BundleEntry::size).sum();
    }

    /** For messages: {@code generation 7 -> 9} or {@code full, generation 9}. */
    public String describe() {
        return (full ? "a full copy of generation " + target.number()
                : "generations " + baseGeneration + " -> " + target.number()) + " of mirror " + mirrorId;
    }

    /**
     * Checks what the JSON grammar cannot: a known format version, a base below the target, valid
     * and unique paths outside the reserved prefix, entries that fill their packs exactly in order.
     *
     * @throws MalformedDataException saying what is wrong
     */
    public void validate() throws MalformedDataException {
        if (formatVersion != FORMAT_VERSION) {
            throw bad("format version " + formatVersion + " is not one this hexmirror reads (" + FORMAT_VERSION
                    + "); the bundle was probably written by a newer hexmirror");
        }
        if (mirrorId.isBlank()) {
            throw bad("no mirror id");
        }
        if (baseGeneration < 0 || baseGeneration > target.number()) {
            throw bad("base generation " + baseGeneration + " is not below the target generation " + target.number());
        }
        // A bundle for a mirror that is up to date brings nothing.
        if (baseGeneration == target.number()
                && (!entries.isEmpty() || !baseGenerationId.equals(java.util.Optional.of(target.id())))) {
            throw bad("base generation " + baseGeneration + " is the target generation, yet the bundle brings something");
        }
        if (full && baseGeneration != 0) {
            throw bad("a full bundle has base generation 0, not " + baseGeneration);
        }
        if ((baseGeneration == 0) != baseGenerationId.isEmpty()) {
            throw bad("the base generation has an id exactly when it is not 0");
        }
        if (volumeSize.isPresent() && volumeSize.getAsLong() <= 0) {
            throw bad("volume size " + volumeSize.getAsLong() + " is not positive");
        }
        Map<String, Long> packFill = new HashMap<>();
        for (Pack pack : packs) {
            if (!pack.member().matches("data/[0-9]{6}") || packFill.put(pack.member(), 0L) != null) {
                throw bad("pack name '" + pack.member() + "' is not data/NNNNNN or is repeated");
            }
        }
        // Sorted rather than hashed: a manifest may list hundreds of thousands of paths.
        String[] paths = new String[entries.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = entries.get(i).path();
        }
        java.util.Arrays.sort(paths);
        for (int i = 1; i < paths.length; i++) {
            if (paths[i].equals(paths[i - 1])) {
                throw bad("entry '" + paths[i] + "' appears twice");
            }
        }
        for (BundleEntry e : entries) {
            if (ReservedKeys.isReserved(e.path())) {
                throw bad("entry '" + e.path() + "' is under the reserved prefix " + ReservedKeys.PREFIX);
            }
            if (DerivedKeys.isDerived(e.path())) {
                throw bad("entry '" + e.path() + "' is a derived file, which bundles never carry");
            }
            if (e.deleted()) {
                continue;
            }
            Long filled = packFill.get(e.member());
            if (filled == null) {
                throw bad("entry '" + e.path() + "' is in '" + e.member() + "', which is not a pack of this bundle");
            }
            if (e.offset() != filled) {
                throw bad("entry '" + e.path() + "' starts at offset " + e.offset() + " of " + e.member()
                        + "; the entries before it end at " + filled);
            }
            packFill.put(e.member(), filled + e.size());
        }
        for (Pack pack : packs) {
            if (packFill.get(pack.member()) != pack.size()) {
                throw bad(pack.member() + " is " + pack.size() + " bytes but its entries fill " + packFill.get(pack.member()));
            }
        }
        for (GenerationRef g : generations) {
            if (g.number() <= baseGeneration || g.number() > target.number()) {
                throw bad("generation " + g.number() + " is listed but not between the base and the target");
            }
        }
        if (!full) {
            checkEveryGenerationListed();
        }
    }

    /**
     * An incremental bundle lists each generation it brings, so its target follows from its base and
     * what it lists: it cannot claim a number far ahead of them, which would make a mirror take every
     * later genuine bundle for one it already has. (A full bundle proves its content, not its number;
     * the import check handles its number.)
     */
    private void checkEveryGenerationListed() throws MalformedDataException {
        long[] numbers = generations.stream().mapToLong(GenerationRef::number).sorted().toArray();
        for (int i = 1; i < numbers.length; i++) {
            if (numbers[i] == numbers[i - 1]) {
                throw bad("generation " + numbers[i] + " is listed twice");
            }
        }
        if (numbers.length != target.number() - baseGeneration) {
            throw bad("it brings generations " + (baseGeneration + 1) + " to " + target.number() + " but lists "
                    + numbers.length + " of them; a bundle lists every generation it brings");
        }
    }

    private static MalformedDataException bad(String detail) {
        return new MalformedDataException("bundle manifest: " + detail);
    }
}
