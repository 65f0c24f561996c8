package io.hexmirror.internal.transfer;

import io.hexmirror.InvalidInputException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.transfer.BundleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the files of a bundle from what the user named, and checks that they are all there.
 *
 * <p>A bundle is one file, or volumes {@code NAME.001}, {@code NAME.002}, .... The user may name
 * one file; any or all volumes (from one directory or several, such as two mounted disks); or
 * {@code NAME} when only its volumes exist. Every volume of that name found next to a named one
 * is taken too, and the volumes are put in order by number.
 */
final class BundleVolumes {
    private BundleVolumes() {
    }

    /**
     * The bundle's files in order.
     *
     * @throws NoSuchFileException when a named file does not exist and has no volumes
     * @throws MalformedDataException when volumes are missing from the sequence, repeated, or
     *     mixed with a file that is not a volume
     * @throws InvalidInputException when a name is a directory: a bundle is a file (or its volumes)
     */
    static List<Path> resolve(List<Path> named) throws IOException, MalformedDataException, InvalidInputException {
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no bundle named");
        }
        List<Path> given = new ArrayList<>();
        for (Path path : named) {
            Path absolute = path.toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                throw new InvalidInputException("bundle " + path + " is a directory, not a bundle file (name the .bundle file,"
                        + " or the first volume of a split one)");
            }
            if (Files.isRegularFile(absolute)) {
                given.add(absolute);
            } else if (Files.isRegularFile(absolute.resolveSibling(absolute.getFileName() + ".001"))) {
                given.add(absolute.resolveSibling(absolute.getFileName() + ".001"));
            } else {
                throw new NoSuchFileException(path.toString(), null, "no such bundle file (nor volume " + path.getFileName() + ".001)");
            }
        }
        String base = null;
        for (Path path : given) {
            String name = path.getFileName().toString();
            String volumeBase = name.matches(".*\\.[0-9]{3}") ? name.substring(0, name.length() - 4) : null;
            if (volumeBase == null || (base != null && !base.equals(volumeBase))) {
                if (given.size() == 1) {
                    return List.of(path);
                }
                throw new MalformedDataException("the files " + named + " are not the volumes of one bundle (NAME.001, NAME.002, ...)");
            }
            base = volumeBase;
        }
        Map<Integer, Path> volumes = new TreeMap<>();
        for (Path path : given) {
            add(volumes, path);
            try (Stream<Path> siblings = Files.list(path.getParent())) {
                for (Path sibling : siblings.toList()) {
                    if (volumeNumber(sibling.getFileName().toString(), base + ".") > 0) {
                        add(volumes, sibling);
                    }
                }
            }
        }
        int expected = 1;
        for (int number : volumes.keySet()) {
            if (number != expected) {
                throw new MalformedDataException("volume " + base + "." + String.format("%03d", expected)
                        + " is missing (found " + names(volumes) + ")");
            }
            expected++;
        }
        return List.copyOf(volumes.values());
    }

    /**
     * Checks the files' lengths against the bundle's, which the manifest gives.
     *
     * @throws MalformedDataException naming the missing, surplus or truncated volume
     */
    static void checkSizes(List<Path> files, BundleManifest manifest, long expectedBytes) throws IOException, MalformedDataException {
        List<Long> sizes = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            long size = Files.size(file);
            sizes.add(size);
            total += size;
        }
        String name = files.get(files.size() - 1).getFileName().toString();
        boolean volumes = files.size() > 1 || name.matches(".*\\.[0-9]{3}");
        if (volumes && manifest.volumeSize().isPresent()) {
            long volumeSize = manifest.volumeSize().getAsLong();
            long count = (expectedBytes + volumeSize - 1) / volumeSize;
            String base = name.substring(0, name.length() - 4);
            for (int i = 0; i < files.size() - 1 && i < count - 1; i++) {
                if (sizes.get(i) != volumeSize) {
                    throw new MalformedDataException(files.get(i) + " is " + sizes.get(i) + " bytes, but every volume of this bundle"
                            + " except the last is " + volumeSize + " bytes: it is truncated or damaged");
                }
            }
            if (files.size() < count) {
                throw new MalformedDataException("the bundle has " + count + " volumes; " + base + "."
                        + String.format("%03d", files.size() + 1) + (count > files.size() + 1 ? " to " + base + "."
                        + String.format("%03d", count) : "") + " missing");
            }
            if (files.size() > count) {
                throw new MalformedDataException(files.get((int) count) + " is not part of this bundle, which has " + count + " volumes");
            }
        }
        if (total < expectedBytes) {
            throw new MalformedDataException((volumes ? "the volumes hold " : files.get(0) + " holds ") + total
                    + " bytes, but the bundle is " + expectedBytes + " bytes: it is truncated" + (volumes ? " or a volume is missing" : ""));
        }
        if (total > expectedBytes) {
            throw new MalformedDataException((volumes ? "the volumes hold " : files.get(0) + " holds ") + total
                    + " bytes, more than the bundle's " + expectedBytes + ": it is damaged");
        }
    }

    /** The number of a volume named {@code prefix + NNN}, or 0. */
    static int volumeNumber(String fileName, String prefix) {
        if (fileName.length() != prefix.length() + 3 || !fileName.startsWith(prefix)) {
            return 0;
        }
        String digits = fileName.substring(prefix.length());
        return digits.matches("[0-9]{3}") ? Integer.parseInt(digits) : 0;
    }

    private static void add(Map<Integer, Path> volumes, Path volume) throws MalformedDataException, IOException {
        String name = volume.getFileName().toString();
        int number = Integer.parseInt(name.substring(name.length() - 3));
        Path previous = volumes.putIfAbsent(number, volume);
        if (previous != null && !Files.isSameFile(previous, volume)) {
            throw new MalformedDataException("two volumes numbered " + String.format("%03d", number) + ": " + previous + " and " + volume);
        }
    }

    private static String names(Map<Integer, Path> volumes) {
        return volumes.values().stream().map(p -> p.getFileName().toString()).toList().toString();
    }
}
