package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.version.Requirement;
import io.hexmirror.version.Version;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes which releases a selective mirror needs, from registry data alone.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Roots: each {@link PackageSelector} selects the releases of its package that satisfy its
 *       requirement (all releases without one); each {@link LockedRelease} selects exactly its
 *       version.</li>
 *   <li>Dependencies: for every selected release, every dependency is followed: all releases of the
 *       dependency that satisfy the dependency's requirement are selected, and so on transitively
 *       until nothing changes. The result is the union over all requirements met along the way,
 *       not one resolution: it holds every release that any resolution from the roots could pick.
 *       Dependencies of locked releases are followed in the same way.</li>
 *   <li>Matching uses {@link Requirement#matches} with the request's {@code allowPreReleases}
 *       (false = as Hex resolves). A root without a requirement selects all releases, except
 *       pre-releases unless they are allowed.</li>
 *   <li>{@code newestN}: for each distinct (package, requirement) pair (a root selector, or a
 *       requirement string found in a dependency), only the newest N releases among those that
 *       match are taken. The pairs are independent: when {@code a 1.0} needs {@code c ~> 1.0} and
 *       {@code b 1.0} needs {@code c ~> 1.2}, both pairs contribute their newest N, so more than N
 *       versions of {@code c} can be selected. Locked releases are exact and not affected.</li>
 *   <li>A dependency whose {@code repository} names another repository than its package's is skipped
 *       with an info note: other repositories are not mirrored. Optional dependencies are followed
 *       only when {@code includeOptional} is true. Excluded names are never selected, neither as a
 *       root, a lock entry nor a dependency (info note).</li>
 *   <li>Warnings, not errors: a package not found upstream, a requirement that matches no release,
 *       a dependency with an unparsable requirement or an invalid name, a release whose version does
 *       not parse, a locked release missing upstream. Retired releases are selected like any other.</li>
 *   <li>Error: a lock file checksum that differs from the registry's (outer or inner) throws
 *       {@link ChecksumMismatchException} listing every mismatch, before any dependency is followed.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * Each package is loaded at most once; each (package, requirement string) pair is evaluated once
 * against that package's releases; each release's dependencies are enqueued once. The work is
 * linear in the releases and distinct requirements reached, with no search or backtracking.
 */
public final class DependencyClosure {
    private static final HexFormat HEX = HexFormat.of();

    private final SelectionRequest request;
    private final PackageSource source;

    private final Map<String, Optional<LoadedPackage>> loaded = new HashMap<>();
    private final Map<String, TreeSet<Version>> selected = new HashMap<>();
    private final Set<String> evaluatedDemands = new HashSet<>();
    private final Map<String, ParsedRequirement> requirementCache = new HashMap<>();
    private final Deque<Demand> queue = new ArrayDeque<>();
    private final Map<String, SelectionNote> notes = new LinkedHashMap<>();

    private DependencyClosure(SelectionRequest request, PackageSource source) {
        this.request = request;
        this.source = source;
    }

    /**
     * Computes the selection for {@code request}, loading registry data from {@code source}.
     *
     * @throws ChecksumMismatchException if a locked release's recorded checksum differs from the registry's
     * @throws IOException               if {@code source} fails to load a package
     * @throws VerificationException     if {@code source} rejects a package's registry data
     */
    public static Selection compute(SelectionRequest request, PackageSource source)
            throws IOException, VerificationException {
        requireNonNull(request, "request is null");
        requireNonNull(source, "source is null");
        return new DependencyClosure(request, source).run();
    }

    private Selection run() throws IOException, VerificationException {
        selectLocked();
        for (PackageSelector selector : request.packages()) {
            if (request.excludes().contains(selector.name())) {
                note("excluded-root:" + selector.name(), SelectionNote.info(
                        "package " + selector.name() + " is both selected and excluded; it is left out"));
                continue;
            }
            queue.add(new Demand(selector.name(), selector.requirement(), "the selection"));
        }
        while (!queue.isEmpty()) {
            evaluate(queue.poll());
        }
        return new Selection(selected, List.copyOf(notes.values()));
    }

    private void selectLocked() throws IOException, VerificationException {
        List<String> mismatches = new ArrayList<>();
        List<Runnable> selections = new ArrayList<>();
        for (LockedRelease lock : request.locked()) {
            if (request.excludes().contains(lock.name())) {
                note("excluded-lock:" + lock, SelectionNote.info("locked release " + lock + " is excluded; it is left out"));
                continue;
            }
            Optional<LoadedPackage> pkg = load(lock.name());
            if (pkg.isEmpty()) {
                note("missing:" + lock.name(), SelectionNote.warning(
                        "package " + lock.name() + " was not found upstream (locked at " + lock.version() + ")"));
                continue;
            }
            Candidate candidate = pkg.get().find(lock.version());
            if (candidate == null) {
                note("missing-lock:" + lock, SelectionNote.warning(
                        "locked release " + lock + " was not found upstream"));
                continue;
            }
            checkChecksum(lock, "outer", lock.outerChecksum(), candidate.release().hasOuterChecksum()
                    ? Optional.of(HEX.formatHex(candidate.release().getOuterChecksum().toByteArray()))
                    : Optional.empty(), mismatches);
            checkChecksum(lock, "inner", lock.innerChecksum(),
                    Optional.of(HEX.formatHex(candidate.release().getInnerChecksum().toByteArray())), mismatches);
            selections.add(() -> select(pkg.get(), candidate));
        }
        if (!mismatches.isEmpty()) {
            throw new ChecksumMismatchException("lock file checksums differ from the upstream registry: "
                    + String.join("; ", mismatches));
        }
        selections.forEach(Runnable::run);
    }

    private void checkChecksum(LockedRelease lock, String which, Optional<String> locked, Optional<String> upstream,
                               List<String> mismatches) {
        if (locked.isEmpty()) {
            return;
        }
        if (upstream.isEmpty()) {
            note("unverified:" + lock, SelectionNote.info("the registry has no " + which + " checksum for " + lock
                    + "; the lock file's checksum was not verified"));
        } else if (!upstream.get().equals(locked.get())) {
            mismatches.add(lock + " " + which + " checksum is " + locked.get() + " in the lock file but "
                    + upstream.get() + " upstream");
        }
    }

    private void evaluate(Demand demand) throws IOException, VerificationException {
        String key = demand.name() + '\0' + demand.requirement().map(Requirement::toString).orElse("");
        if (!evaluatedDemands.add(key)) {
            return;
        }
        Optional<LoadedPackage> pkg = load(demand.name());
        if (pkg.isEmpty()) {
            note("missing:" + demand.name(), SelectionNote.warning(
                    "package " + demand.name() + " was not found upstream (required by " + demand.requiredBy() + ")"));
            return;
        }
        List<Candidate> matching = new ArrayList<>();
        for (Candidate candidate : pkg.get().releases()) {
            if (matches(demand.requirement(), candidate.version())) {
                matching.add(candidate);
            }
        }
        if (matching.isEmpty()) {
            String what = demand.requirement()
                    .map(r -> "no release of " + demand.name() + " matches \"" + r + "\"")
                    .orElse("package " + demand.name() + " has no release"
                            + (request.allowPreReleases() ? "" : " other than pre-releases"));
            note("nomatch:" + key, SelectionNote.warning(what + " (required by " + demand.requiredBy() + ")"));
            return;
        }
        int from = request.newestN().map(n -> Math.max(0, matching.size() - n)).orElse(0);
        for (Candidate candidate : matching.subList(from, matching.size())) {
            select(pkg.get(), candidate);
        }
    }

    private boolean matches(Optional<Requirement> requirement, Version version) {
        if (requirement.isPresent()) {
            return requirement.get().matches(version, request.allowPreReleases());
        }
        return request.allowPreReleases() || !version.isPreRelease();
    }

    /** Adds a release and, the first time, enqueues its dependencies. */
    private void select(LoadedPackage pkg, Candidate candidate) {
        if (!selected.computeIfAbsent(pkg.name(), n -> new TreeSet<>()).add(candidate.version())) {
            return;
        }
        String requiredBy = pkg.name() + " " + candidate.version();
        for (Dependency dep : candidate.release().getDependenciesList()) {
            String name = dep.getPackage();
            if (dep.hasRepository() && !dep.getRepository().isEmpty() && !dep.getRepository().equals(pkg.repository())) {
                note("repo:" + name + '\0' + dep.getRepository(), SelectionNote.info(requiredBy + " depends on " + name
                        + " from repository \"" + dep.getRepository() + "\", which is not mirrored; it is skipped"));
                continue;
            }
            if (dep.getOptional() && !request.includeOptional()) {
                continue;
            }
            if (!RegistryPaths.isValidName(name)) {
                note("badname:" + name, SelectionNote.warning(requiredBy + " depends on an invalid package name \""
                        + name + "\"; it is skipped"));
                continue;
            }
            if (request.excludes().contains(name)) {
                note("excluded:" + name, SelectionNote.info("package " + name + " is excluded; it is not followed (required by "
                        + requiredBy + ")"));
                continue;
            }
            ParsedRequirement parsed = requirementCache.computeIfAbsent(dep.getRequirement(), ParsedRequirement::of);
            if (parsed.requirement() == null) {
                note("badreq:" + name + '\0' + dep.getRequirement(), SelectionNote.warning(requiredBy + " depends on "
                        + name + " with an unparsable requirement; it is not followed: " + parsed.error()));
                continue;
            }
            queue.add(new Demand(name, Optional.of(parsed.requirement()), requiredBy));
        }
    }


    private Optional<LoadedPackage> load(String name) throws IOException, VerificationException {
        Optional<LoadedPackage> cached = loaded.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<LoadedPackage> result = source.load(name).map(pkg -> index(name, pkg));
        loaded.put(name, result);
        return result;
    }

    private LoadedPackage index(String name, Package pkg) {
        List<Candidate> releases = new ArrayList<>(pkg.getReleasesCount());
        for (Release release : pkg.getReleasesList()) {
            try {
                releases.add(new Candidate(Version.parse(release.getVersion()), release));
            } catch (VersionParseException e) {
                note("badversion:" + name + '\0' + release.getVersion(), SelectionNote.warning(
                        "package " + name + " has a release with an unparsable version; it is skipped: "
                                + e.getMessage()));
            }
        }
        releases.sort(Comparator.comparing(Candidate::version));
        return new LoadedPackage(name, pkg.getRepository(), List.copyOf(releases));
    }

    private void note(String key, SelectionNote note) {
        notes.putIfAbsent(key, note);
    }

    /** A registry requirement string, parsed once: either the requirement or the parse error. */
    private record ParsedRequirement(Requirement requirement, String error) {
        static ParsedRequirement of(String text) {
            try {
                return new ParsedRequirement(Requirement.parse(text), null);
            } catch (VersionParseException e) {
                return new ParsedRequirement(null, e.getMessage());
            }
        }
    }

    private record Demand(String name, Optional<Requirement> requirement, String requiredBy) {
    }

    private record Candidate(Version version, Release release) {
    }

    private record LoadedPackage(String name, String repository, List<Candidate> releases) {
        Candidate find(Version version) {
            for (Candidate candidate : releases) {
                if (candidate.version().equals(version)) {
                    return candidate;
                }
            }
            return null;
        }
    }
}
