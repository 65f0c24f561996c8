package io.hexmirror.internal.transfer;

import io.hexmirror.generation.Generation;
import io.hexmirror.generation.PendingChange;
import io.hexmirror.transfer.BundleManifest;
import io.hexmirror.transfer.GenerationMismatchException;
import java.util.Optional;

/**
 * Decides whether a bundle applies to a mirror, from generations alone.
 *
 * <p>A bundle from mirror M with base B and target T applies to a mirror that
 * <ul>
 *   <li>is at generation B of M (same number, same id), or, for B = 0, is empty (no generation and
 *       no files); or</li>
 *   <li>is at a generation G of M with B &lt; G &lt; T that the bundle lists with the same id: the
 *       mirror already has some of the bundle's changes, and applying the rest (every file changed
 *       after B, at its state in T) brings it exactly to T; or</li>
 *   <li>for a full bundle, is at any generation of M other than T itself or one whose records show
 *       it passed through T (everything is replaced; see {@code decideFull}).</li>
 * </ul>
 * A mirror at T (same id) or beyond T in M's history has everything the bundle brings: importing is
 * a no-op. An import of generation X that was interrupted must be finished first: only a bundle
 * that brings X or a later generation of M is taken (it rewrites every file the interrupted one
 * may have published). Everything else is refused with a message that says which generation the
 * mirror has and which the bundle needs.
 */
final class ImportCheck {
    enum Decision {
        APPLY,
        ALREADY_APPLIED
    }

    private ImportCheck() {
    }

    static Decision decide(BundleManifest m, String target, Optional<Generation> current, boolean hasFiles,
            Optional<PendingChange> pending, Optional<String> recordedTargetId) throws GenerationMismatchException {
        String needs = needs(m);
        // A full bundle rewrites every file an interrupted import may have published.
        if (pending.isPresent() && pending.get().importing().isPresent() && !m.full()) {
            Generation interrupted = pending.get().importing().get();
            if (!interrupted.mirrorId().equals(m.mirrorId()) || m.target().number() < interrupted.number()) {
                throw new GenerationMismatchException(target + ": an import of generation " + interrupted.number() + " of mirror "
                        + interrupted.mirrorId() + " was interrupted; import that bundle again first (or one that brings generation "
                        + interrupted.number() + " or later of that mirror). This bundle brings " + m.describe() + ".");
            }
        }
        if (current.isEmpty()) {
            boolean interruptedFirstImport = pending.isPresent() && pending.get().importing().isPresent();
            if (hasFiles && !interruptedFirstImport) {
                throw new GenerationMismatchException(target + " holds files but no generation: it was not made by importing bundles."
                        + " Import into an empty directory or storage instead. This bundle brings " + m.describe() + ".");
            }
            if (m.baseGeneration() != 0) {
                throw new GenerationMismatchException(target + " is empty (generation 0), but this bundle " + needs
                        + ". Import a full bundle first (a full export), or send a request for one.");
            }
            return Decision.APPLY;
        }
        Generation g = current.get();
        if (!g.mirrorId().equals(m.mirrorId())) {
            throw new GenerationMismatchException(target + " is a copy of mirror " + g.mirrorId() + " (at generation " + g.number()
                    + "), but this bundle comes from mirror " + m.mirrorId() + " and " + needs + ".");
        }
        if (m.full()) {
            return decideFull(m, g, recordedTargetId);
        }
        if (g.number() == m.target().number()) {
            if (g.id().equals(m.target().id())) {
                return Decision.ALREADY_APPLIED;
            }
            throw diverged(target, g, m);
        }
        if (g.number() > m.target().number()) {
            // Later in the same history: everything the bundle brings is there, or was replaced since.
            return Decision.ALREADY_APPLIED;
        }
        if (g.number() < m.baseGeneration()) {
            throw new GenerationMismatchException(target + " is at generation " + g.number() + ", but this bundle " + needs
                    + ": import the bundles for the generations in between first, or send a request for a bundle"
                    + " since generation " + g.number() + ".");
        }
        if (g.number() == m.baseGeneration()) {
            if (m.baseGenerationId().isPresent() && m.baseGenerationId().get().equals(g.id())) {
                return Decision.APPLY;
            }
            throw diverged(target, g, m);
        }
        boolean listed = m.generations().stream().anyMatch(r -> r.number() == g.number() && r.id().equals(g.id()));
        if (!listed) {
            throw diverged(target, g, m);
        }
        return Decision.APPLY;
    }

    /**
     * A full bundle proves its content, not its generation number: a mirror skips it only when it
     * is at that very generation, or its own records show it passed through it. Otherwise the
     * bundle replaces everything, even over a higher number, so that a mirror whose number was
     * inflated by a forged bundle can always be repaired by a genuine one; the verifier refuses a
     * bundle whose registry is older than the mirror's, so this never rolls a mirror back.
     */
    private static Decision decideFull(BundleManifest m, Generation g, Optional<String> recordedTargetId) {
        if (g.number() == m.target().number() && g.id().equals(m.target().id())) {
            return Decision.ALREADY_APPLIED;
        }
        if (g.number() > m.target().number() && recordedTargetId.filter(m.target().id()::equals).isPresent()) {
            return Decision.ALREADY_APPLIED;
        }
        return Decision.APPLY;
    }

    private static GenerationMismatchException diverged(String target, Generation g, BundleManifest m) {
        return new GenerationMismatchException(target + " is at generation " + g.number() + " (id " + g.id()
                + "), which is not the generation " + g.number() + " of mirror " + m.mirrorId() + " that this bundle knows; this bundle "
                + needs(m) + ". Send a request for a bundle that fits.");
    }

    private static String needs(BundleManifest m) {
        if (m.full()) {
            return "is a full copy of generation " + m.target().number();
        }
        return "needs generation " + m.baseGeneration() + " (it brings generations " + (m.baseGeneration() + 1) + " to "
                + m.target().number() + ")";
    }
}
