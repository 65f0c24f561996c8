package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.RepositoryKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HomePageTest {
    private static final String URL = "http://mirror.example:8080/hex";

    @Test
    void resignedMirrorExplainsHowToGiveClientsItsKey() {
        String ownKey = RepositoryKeys.toPem(RepositoryKeys.generate().getPublic());

        String html = HomePage.render(new HomePage.Model(URL, Optional.of(ownKey), false, Optional.empty(), true));

        assertThat(html).contains("re-signs the registry")
                .contains("mix hex.repo set hexpm --url " + URL + " --public-key hexmirror_key.pem")
                .contains("curl -o hexmirror_key.pem " + URL + "/public_key")
                .contains("repo_public_key => &lt;&lt;\"-----BEGIN PUBLIC KEY-----")
                .doesNotContain("HEX_BUILDS_URL");
    }

    @Test
    void mirrorWithoutAKeyReliesOnHexPmsKey() {
        String html = HomePage.render(new HomePage.Model(URL, Optional.empty(), false, Optional.empty(), false));

        assertThat(html).contains("publishes no <code>/public_key</code>").doesNotContain("repo_public_key");
    }

    @Test
    void unreadableKeyIsReported() {
        String html = HomePage.render(new HomePage.Model(URL, Optional.of("not a key"), false, Optional.empty(), false));

        assertThat(html).contains("is not a readable RSA public key");
    }

    @Test
    void syncMessagesAndUrlsAreEscaped() {
        SyncStatus status = new SyncStatus(Optional.empty(),
                Optional.of(new SyncStatus.Run(1, Instant.parse("2024-05-01T10:15:30Z"), Duration.ofSeconds(3), "bad <script>x</script> & co")),
                1, false);

        String html = HomePage.render(new HomePage.Model("http://h/<b>", Optional.empty(), false, Optional.of(status), false));

        assertThat(html).doesNotContain("<script>").doesNotContain("<b>")
                .contains("Last sync FAILED at 2024-05-01 10:15:30 UTC: bad &lt;script&gt;x&lt;/script&gt; &amp; co");
    }

    @Test
    void syncNotYetRunAndRunning() {
        SyncStatus running = new SyncStatus(Optional.empty(), Optional.empty(), 0, true);

        String html = HomePage.render(new HomePage.Model(URL, Optional.empty(), false, Optional.of(running), false));

        assertThat(html).contains("A sync is running now.").contains("No sync has finished yet.");
    }

    @Test
    void aVerbatimMirrorOfAnotherRepositoryDoesNotClaimToReSign() {
        String otherKey = RepositoryKeys.toPem(RepositoryKeys.generate().getPublic());

        String html = HomePage.render(new HomePage.Model(URL, Optional.of(otherKey), false, Optional.empty(), false));

        assertThat(html).doesNotContain("re-sign")
                .contains("signed by the repository this mirror copies, not by hex.pm")
                .contains("mix hex.repo set hexpm --url " + URL + " --public-key hexmirror_key.pem");
    }
}
