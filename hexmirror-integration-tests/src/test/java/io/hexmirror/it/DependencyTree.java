package io.hexmirror.it;

import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.List;
import java.util.Map;

/**
 * A dependency tree of eight packages, three levels deep, with newer majors and a pre-release that
 * the requirements must not pick, and a package nobody depends on. Requirements use {@code ~>}
 * only: rebar3 3.19 understands neither {@code or} nor {@code and} (it reports "invalid version").
 *
 * <pre>
 * web 0.1.0 -> plug ~> 1.10 -> mime ~> 1.0
 *                           -> telemetry ~> 0.4
 *                           -> plug_crypto ~> 1.1
 *           -> cowboy ~> 2.9 -> cowlib ~> 2.11
 *                            -> ranch ~> 1.8
 * </pre>
 */
final class DependencyTree {
    /** The package a project depends on to get the whole tree. */
    static final String ROOT = "web";
    static final String ROOT_REQUIREMENT = "~> 0.1";

    /** What rebar3 locks: application name to version. */
    static final Map<String, String> LOCKED = Map.of(
            "web", "0.1.0", "plug", "1.10.4", "mime", "1.6.0", "telemetry", "0.4.3", "plug_crypto", "1.2.0",
            "cowboy", "2.9.0", "cowlib", "2.11.0", "ranch", "1.8.0");

    private DependencyTree() {
    }

    static FakeHexRepository publishTo(FakeHexRepository repo) {
        repo.publish("mime", "1.6.0").publish("mime", "2.0.0");
        repo.publish("telemetry", "0.4.3").publish("telemetry", "1.0.0");
        repo.publish("plug_crypto", "1.1.0").publish("plug_crypto", "1.2.0");
        repo.publish("cowlib", "2.11.0").publish("cowlib", "2.12.0-rc.1");
        repo.publish("ranch", "1.8.0").publish("ranch", "2.1.0");
        repo.publish("unrelated", "1.0.0");
        repo.release("plug", "1.10.4")
                .dependsOn("mime", "~> 1.0")
                .dependsOn("telemetry", "~> 0.4")
                .dependsOn("plug_crypto", "~> 1.1")
                .publish();
        repo.release("plug", "2.0.0").dependsOn("mime", "~> 2.0").publish();
        repo.release("cowboy", "2.9.0").dependsOn("cowlib", "~> 2.11").dependsOn("ranch", "~> 1.8").publish();
        repo.release("web", "0.1.0").dependsOn("plug", "~> 1.10").dependsOn("cowboy", "~> 2.9").publish();
        return repo;
    }

    /** The tarball of each locked release, as a key in the mirror. */
    static List<String> lockedTarballs() {
        return LOCKED.entrySet().stream().map(e -> "tarballs/" + e.getKey() + "-" + e.getValue() + ".tar").sorted().toList();
    }
}
