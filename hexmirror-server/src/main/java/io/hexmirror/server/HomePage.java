package io.hexmirror.server;

import io.hexmirror.HexMirrorVersion;
import io.hexmirror.registry.RepositoryKeys;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.jetty.util.StringUtil;

/**
 * The small HTML page at the mirror's root: how to point Mix and rebar3 at this mirror (with its
 * own URL filled in), and how the background sync is doing.
 */
final class HomePage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * What the page shows.
     *
     * @param mirrorUrl the URL clients use, without a trailing slash
     * @param publicKeyPem the mirror's {@code public_key} file, when it has one
     * @param hasInstalls whether the mirror serves the Hex/rebar installers
     * @param sync the background sync's status, when the server runs one
     * @param resigned whether the mirror re-signs its registry (see {@link io.hexmirror.sync.RegistryMode#of})
     * @param hasDocs whether the mirror holds browsable docs ({@code hexdocs/index.html})
     */
    record Model(String mirrorUrl, Optional<String> publicKeyPem, boolean hasInstalls, Optional<SyncStatus> sync,
            boolean resigned, boolean hasDocs) {
        Model(String mirrorUrl, Optional<String> publicKeyPem, boolean hasInstalls, Optional<SyncStatus> sync,
                boolean resigned) {
            this(mirrorUrl, publicKeyPem, hasInstalls, sync, resigned, false);
        }
    }

    private HomePage() {
    }

    static String render(Model model) {
        String url = escape(model.mirrorUrl());
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Hex mirror</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.4}")
                .append("pre{background:#f4f4f4;padding:.6em;overflow-x:auto}.failed{color:#a00}</style>\n")
                .append("</head>\n<body>\n<h1>Hex mirror</h1>\n")
                .append("<p>This server mirrors the <a href=\"https://hex.pm\">Hex</a> package repository. Its URL is <code>")
                .append(url).append("</code>.</p>\n");
        sync(html, model.sync());

        html.append("<h2>Mix (Elixir)</h2>\n<pre>export HEX_MIRROR_URL=").append(url).append("</pre>\n")
                .append("<p><code>HEX_MIRROR_URL</code> sends no hex.pm credentials to the mirror.</p>\n");
        if (model.hasInstalls()) {
            html.append("<p>To install Hex and rebar from this mirror:</p>\n<pre>export HEX_BUILDS_URL=").append(url)
                    .append("\nmix local.hex\nmix local.rebar</pre>\n");
        }

        html.append("<h2>rebar3 (Erlang)</h2>\n<pre>export HEX_CDN=").append(url).append("      # rebar3 before 3.20\n")
                .append("export HEX_MIRROR=").append(url).append("   # rebar3 3.20 and later</pre>\n");

        key(html, url, model.publicKeyPem(), model.resigned());

        html.append(docsSection(model.hasDocs()));

        html.append("<h2>Files</h2>\n<p>Served as in the Hex repository: ")
                .append("<code>/names</code>, <code>/versions</code>, <code>/packages/NAME</code>, ")
                .append("<code>/tarballs/NAME-VERSION.tar</code>, <code>/public_key</code>, ")
                .append("<code>/docs/NAME-VERSION.tar.gz</code> and <code>/installs/...</code> when present.</p>\n")
                .append("<p><small>hexmirror ").append(escape(HexMirrorVersion.get())).append("</small></p>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void key(StringBuilder html, String url, Optional<String> pem, boolean resigned) {
        if (pem.isEmpty()) {
            html.append("<p>This mirror publishes no <code>/public_key</code>: its registry files are expected to be ")
                    .append("hex.pm's, which clients verify with hex.pm's built-in key.</p>\n");
            return;
        }
        String text = pem.get().strip();
        Optional<Boolean> hexpm = isHexpmKey(text);
        if (hexpm.isEmpty()) {
            html.append("<p class=\"failed\">This mirror's <a href=\"public_key\">public key</a> is not a readable RSA public key.</p>\n");
            return;
        }
        if (hexpm.get()) {
            html.append("<p>The registry files are signed by hex.pm (this mirror's <a href=\"public_key\">public key</a> ")
                    .append("is hex.pm's), so clients need no further setup.</p>\n");
        } else {
            html.append(resigned ? "<p>This mirror re-signs the registry with its own key. "
                            : "<p>The registry files are signed by the repository this mirror copies, not by hex.pm. ")
                    .append("Mix must be given the ")
                    .append("<a href=\"public_key\">public key</a>:</p>\n<pre>curl -o hexmirror_key.pem ").append(url)
                    .append("/public_key\nmix hex.repo set hexpm --url ").append(url)
                    .append(" --public-key hexmirror_key.pem</pre>\n");
        }
        html.append("<p>rebar3 takes the key from its global config, <code>~/.config/rebar3/rebar.config</code> ")
                .append("(rebar3 3.19 wants <code>repo_public_key</code> whenever the repository is configured):</p>\n")
                .append("<pre>{hex, [{repos, [#{name => &lt;&lt;\"hexpm\"&gt;&gt;,\n")
                .append("                  repo_public_key => &lt;&lt;\"").append(escape(text)).append("\"&gt;&gt;}]}]}.</pre>\n");
    }

    private static Optional<Boolean> isHexpmKey(String pem) {
        try {
            PublicKey key = RepositoryKeys.parsePublicKey(pem);
            return Optional.of(Arrays.equals(key.getEncoded(), RepositoryKeys.hexpmPublicKey().getEncoded()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The sync status as an HTML section, empty when the server runs no sync; shown on the catalog's front page too. */
    /** The links to the browsable docs and their search, or nothing when the mirror has no docs tree. */
    static String docsSection(boolean hasDocs) {
        if (!hasDocs) {
            return "";
        }
        return "<h2>Documentation</h2>\n<p><a href=\"hexdocs/\">Browse the docs of every package on this mirror</a>"
                + " or <a href=\"docs-search\">search them all</a>. <code>mix hex.docs fetch NAME VERSION</code> "
                + "works with <code>HEX_MIRROR_URL</code> set as above.</p>\n";
    }

    static String syncSection(Optional<SyncStatus> status) {
        StringBuilder html = new StringBuilder();
        sync(html, status);
        return html.toString();
    }

    private static void sync(StringBuilder html, Optional<SyncStatus> maybe) {
        if (maybe.isEmpty()) {
            return;
        }
        SyncStatus status = maybe.get();
        html.append("<h2>Sync</h2>\n<ul>\n");
        if (status.running()) {
            html.append("<li>A sync is running now.</li>\n");
        }
        if (status.lastSuccess().isEmpty() && status.lastFailure().isEmpty()) {
            html.append("<li>No sync has finished yet.</li>\n");
        }
        status.lastSuccess().ifPresent(run -> html.append("<li>Last successful sync: ").append(time(run.finishedAt()))
                .append(" (took ").append(took(run.took())).append(")").append(run.message().isEmpty() ? "" : ": " + escape(run.message()))
                .append("</li>\n"));
        if (status.failing()) {
            SyncStatus.Run run = status.lastFailure().get();
            html.append("<li class=\"failed\">Last sync FAILED at ").append(time(run.finishedAt())).append(": ")
                    .append(escape(run.message())).append(". This mirror still serves the last good state.</li>\n");
        } else {
            status.lastFailure().ifPresent(run -> html.append("<li>Last failed sync: ").append(time(run.finishedAt()))
                    .append(": ").append(escape(run.message())).append("</li>\n"));
        }
        html.append("</ul>\n");
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String took(Duration duration) {
        return duration.toMillis() < 10_000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    private static String escape(String text) {
        return StringUtil.sanitizeXmlString(text);
    }
}
