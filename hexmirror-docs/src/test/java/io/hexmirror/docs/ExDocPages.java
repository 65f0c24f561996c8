package io.hexmirror.docs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Pages shaped like recent ExDoc output (0.3x), which the testkit's small pages are not: a head loading
 * {@code dist/} files and {@code docs_config.js}, inline scripts, a sidebar, a module's docs with
 * makeup-highlighted code ({@code <span class="...">} by the hundred), type specs linking to other
 * packages on hexdocs.pm in both forms, "View Source" links, summary and detail sections full of
 * {@code href="#..."}. Also pages of tricky markup ({@link #tricky}) and of random fragments
 * ({@link #fuzz}) for comparing {@link LinkRewriter} with the regular expression it replaced.
 */
final class ExDocPages {
    private static final List<String> DEPS = List.of("elixir", "mime", "plug", "telemetry", "jason", "ecto", "www", "Plug_Crypto");

    private ExDocPages() {
    }

    /** A module page of about {@code functions} functions (a few KiB each), as UTF-8 bytes. */
    static byte[] modulePage(String name, String version, String module, int functions, SplittableRandom random) {
        StringBuilder out = new StringBuilder(4096 + functions * 3000);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n")
                .append("    <meta http-equiv=\"x-ua-compatible\" content=\"ie=edge\">\n")
                .append("    <meta name=\"generator\" content=\"ExDoc v0.34.2\">\n")
                .append("    <meta name=\"project\" content=\"").append(name).append(" v").append(version).append("\">\n")
                .append("    <title>").append(module).append(" — ").append(name).append(" v").append(version).append("</title>\n")
                .append("    <link rel=\"stylesheet\" href=\"dist/html-elixir-ZFNMEJKT.css\" />\n")
                .append("    <script defer src=\"dist/sidebar_items-943756EC.js\"></script>\n")
                .append("    <script defer src=\"docs_config.js\"></script>\n")
                .append("    <script defer src=\"dist/html-HBZYRXZS.js\"></script>\n")
                .append("<script src=\"https://cdn.jsdelivr.net/npm/mermaid@10.2.0/dist/mermaid.min.js\"></script>\n")
                .append("  </head>\n  <body>\n    <script>(()=>{var t=\"ex_doc:settings\",e=\"dark\";var i=new URLSearchParams(")
                .append("window.location.search);document.body.innerHTML+='<a href=\"dist/x.js\">'})();\n</script>\n")
                .append("<nav id=\"sidebar\" class=\"sidebar\">\n  <div class=\"sidebar-header\">\n")
                .append("        <a href=\"readme.html\" class=\"sidebar-projectName\" translate=\"no\">\n").append(name)
                .append("\n        </a>\n  </div>\n</nav>\n<main class=\"content page-module\" id=\"main\" data-type=\"modules\">\n")
                .append("        <form class=\"search-bar\" action=\"search.html\">\n")
                .append("              <input name=\"q\" type=\"text\" class=\"search-input\" placeholder=\"Press / to search\" autocomplete=\"off\" />\n")
                .append("        </form>\n<div id=\"top-content\">\n    <h1>\n      <span translate=\"no\">").append(module)
                .append("</span> \n      <small class=\"app-vsn\" translate=\"no\">(").append(name).append(" v").append(version)
                .append(")</small>\n    </h1>\n      <a href=\"https://github.com/example/").append(name).append("/blob/v").append(version)
                .append("/lib/").append(name).append(".ex#L1\" title=\"View Source\" class=\"icon-action\" rel=\"help\">\n")
                .append("    <section id=\"moduledoc\">\n<p>Docs of ").append(module).append(" — déjà vu, naïve café.</p>\n")
                .append("<!-- <a href=\"dist/commented-out.js\"> -->\n</section>\n</div>\n")
                .append("  <section id=\"summary\" class=\"details-list\">\n");
        for (int f = 0; f < functions; f++) {
            out.append("    <div class=\"summary-row\">\n      <div class=\"summary-signature\">\n        <a href=\"#fun_")
                    .append(f).append("/2\" data-no-tooltip=\"\" translate=\"no\">fun_").append(f)
                    .append("(a, opts \\\\ [])</a>\n      </div>\n    </div>\n");
        }
        out.append("  </section>\n  <section id=\"functions\" class=\"details-list\">\n");
        for (int f = 0; f < functions; f++) {
            String dep = DEPS.get(random.nextInt(DEPS.size()));
            out.append("<section class=\"detail\" id=\"fun_").append(f).append("/2\">\n  <div class=\"detail-header\">\n")
                    .append("    <a href=\"#fun_").append(f).append("/2\" class=\"detail-link\" data-no-tooltip=\"\" aria-label=\"Link\">\n")
                    .append("    </a>\n        <a href=\"https://github.com/example/").append(name).append("/blob/v").append(version)
                    .append("/lib/").append(name).append(".ex#L").append(10 + f * 7).append("\" class=\"icon-action\" rel=\"help\">\n")
                    .append("  </div>\n  <section class=\"docstring\">\n      <div class=\"specs\">\n")
                    .append("          <pre translate=\"no\"><span class=\"attribute\">@spec</span> fun_").append(f)
                    .append("(\n  [<a href=\"").append(module).append(".html#t:entry/0\">").append(module).append(".entry</a>()],\n  ")
                    .append(depLink(dep, random)).append("\n) :: <a href=\"https://hexdocs.pm/elixir/typespecs.html#built-in-types\">")
                    .append("keyword</a>()</pre>\n      </div>\n<p>Does the work. See <a href=\"guides/intro.html\">the guide</a> and ")
                    .append("<a href=\"https://hexdocs.pm/elixir/Kernel.html#is_atom/1\"><code class=\"inline\">is_atom/1</code></a>.</p>")
                    .append("<pre><code class=\"makeup elixir\" translate=\"no\">");
            for (int line = 0; line < 8; line++) {
                out.append("<span class=\"gp unselectable\">iex&gt; </span><span class=\"n\">result</span><span class=\"w\"> </span>")
                        .append("<span class=\"o\">=</span><span class=\"w\"> </span><span class=\"p\" data-group-id=\"83662")
                        .append(f).append('-').append(line).append("\">[</span><span class=\"s\">&quot;query&quot;</span>")
                        .append("<span class=\"p\">,</span><span class=\"ss\">:ok</span><span class=\"p\" data-group-id=\"83662")
                        .append(f).append('-').append(line).append("\">]</span><span class=\"w\">\n</span>");
            }
            out.append("</code></pre>\n  </section>\n</section>\n");
        }
        out.append("    </section>\n</main>\n<footer>\n  <p>Built using <a href=\"https://github.com/elixir-lang/ex_doc\" title=\"ExDoc\" ")
                .append("target=\"_blank\" rel=\"help noopener\" translate=\"no\">ExDoc</a> (v0.34.2) for the\n")
                .append("    <a href=\"https://elixir-lang.org\" title=\"Elixir\" target=\"_blank\" translate=\"no\">Elixir programming language</a>\n")
                .append("  </p>\n</footer>\n  </body>\n</html>\n");
        return out.toString().getBytes(UTF_8);
    }

    private static String depLink(String dep, SplittableRandom random) {
        String module = Character.toUpperCase(dep.charAt(0)) + dep.substring(1);
        return switch (random.nextInt(6)) {
            case 0 -> "<a href=\"https://hexdocs.pm/" + dep + "/" + module + ".html#t:t/0\">" + module + ".t</a>()";
            case 1 -> "<a href=\"https://hexdocs.pm/" + dep + "/1.6.0/" + module + ".html#t:t/0\">" + module + ".t</a>()";
            case 2 -> "<a href=\"https://" + dep + ".hexdocs.pm/1.5.0/" + module + ".html\">" + module + "</a>()";
            case 3 -> "<a href=\"http://hexdocs.pm/" + dep + "/9.9.9/" + module + ".html?x=1&amp;y=2#top\">" + module + "</a>()";
            case 4 -> "<a href='//www.hexdocs.pm/" + dep + "'>" + module + "</a>()";
            default -> "<a HREF=\"HTTPS://HEXDOCS.PM/" + dep + "/2.0.0-rc.1/\">" + module + "</a>()";
        };
    }

    /** Markup at the edges of what the rewriter matches, one case a line. */
    static final List<String> TRICKY = List.of(
            "<a href=\"dist/app.js\">double</a>",
            "<a href='dist/app.js'>single</a>",
            "<a href=dist/app.js>unquoted: left alone</a>",
            "<a HREF=\"dist/app.js\">upper</a><script SRC='dist/app.js'></script><img sRc=\"docs_config.js\">",
            "<a\nhref\n=\n\"dist/app.js\">newlines</a><a\thref\t=\t'dist/app.js'>tabs</a><a\u000bhref=\"dist/app.js\">vt</a>",
            "<a\fhref=\"dist/app.js\">ff</a><a\rhref=\"dist/app.js\">cr</a><a\u001chref=\"dist/app.js\">fs: not a space</a>",
            "<a\u00a0href=\"dist/app.js\">nbsp: not a space</a><a\u0085href=\"dist/app.js\">nel: not a space</a>",
            "<a/href=\"dist/app.js\">no space</a><a data-href=\"dist/app.js\">data</a><a xhref=\"dist/app.js\">x</a>",
            "<img srcset=\"dist/a.png 1x, dist/b.png 2x\" src=\"dist/a.png\"><link hreflang=\"en\" href=\"dist/a.css\">",
            "<a href=\"dist/app.js?v=1&amp;x=2#frag\">entities</a><a href=\"&#100;ist/app.js\">entity in path</a>",
            "<a href=\"it's/dist/app.js\">other quote inside</a><a href='say \"dist/app.js\"'>other quote</a>",
            "<a href=\"dist/<b>.js\">angle</a><a href=\"dist/a>b.js\">angle</a><a href=\"\">empty</a><a href=''>empty</a>",
            "<a href=\"dist/app.js' src='docs_config.js\">mixed quotes</a>",
            "<a href=\"#dist/app.js\">fragment</a><a href=\"/dist/app.js\">absolute</a><a href=\"?q=dist/app.js\">query</a>",
            "<a href=\"javascript:dist/app.js\">scheme</a><a href=\"x+y.z-1:dist\">scheme</a><a href=\"1x:dist/app.js\">not a scheme</a>",
            "<a href=\"./dist/app.js\">dot</a><a href=\"a/../dist/app.js\">dot-dot</a><a href=\"../dist/app.js\">leaves</a>",
            "<a href=\"dist//app.js\">double slash</a><a href=\"dist\">dist alone</a><a href=\"dist/\">dist dir</a>",
            "<a href=\"DIST/app.js\">upper dist</a><a href=\"distribution/app.js\">distribution</a>",
            "<script src=\"docs_config.js?v=2\"></script><script src=\"./docs_config.js\"></script><script src=\"x/../docs_config.js\"></script>",
            "<!-- <a href=\"dist/app.js\"> --><script>var s = '<a href=\"dist/app.js\">' + \" src='docs_config.js'\";</script>",
            "<a href=\"https://hexdocs.pm/mime/1.6.0/Mime.html#t:t/0\">path</a><a href=\"https://mime.hexdocs.pm/1.5.0/Mime.html\">host</a>",
            "<a href=\"https://hexdocs.pm/mime\">bare</a><a href=\"https://hexdocs.pm/mime/\">slash</a><a href=\"//hexdocs.pm/mime?x#y\">query</a>",
            "<a href=\"https://www.hexdocs.pm/mime/1.6.0\">www</a><a href=\"https://www.hexdocs.pm/\">www root</a><a href=\"https://hexdocs.pm\">root</a>",
            "<a href=\"https://HexDocs.PM/Mime/1.6.0/x.html\">upper</a><a href=\"ftp://hexdocs.pm/mime\">ftp</a>",
            "<a href=\"https://hexdocs.pm/mime/not-a-version/x.html\">not a version</a><a href=\"https://hexdocs.pm/mime/v1.6.0/x\">v</a>",
            "<a href=\"https://hexdocs.pm/jason/1.4.0/Jason.html\">not mirrored</a><a href=\"https://hexdocs.pm/9lives/\">bad name</a>",
            "<a href=\"https://hexdocs.pm.evil.example/mime/\">lookalike</a><a href=\"https://mime.hexdocs.pm.evil/1.6.0\">lookalike</a>",
            "<a href=\"https://evilhexdocs.pm/mime\">lookalike</a><a href=\"https://x.y.hexdocs.pm/1.6.0\">two labels</a>",
            "<a href=\"https://hexdocs.pm/mime/2.0.0-rc.1/\">pre-release</a><a href=\"https://hexdocs.pm/mime/1.6.0+build/\">build</a>",
            "<a href=\"https://hexdocs.pm/mime/1.6.0/\u00e9t\u00e9.html\">latin-1</a><a href=\"dist/\u00e9.js\">latin-1</a>",
            "href=\"dist/app.js\" at the start, then <a href=\"dist/app.js\"",
            "<a href=\"dist/app.js\"",
            "<a href=\"dist/app.js",
            "<a href  ",
            " src");

    /** A page of all {@link #TRICKY} cases. */
    static byte[] tricky() {
        return String.join("\n", TRICKY).getBytes(ISO_8859_1);
    }

    private static final List<String> FRAGMENTS = List.of(
            " ", "\n", "\t", "\u000b", "\f", "\r", "\u001c", "\u00a0", "\u0085", "<", ">", "\"", "'", "=", " = ", "&amp;", "#", "/",
            "href", "HREF", "hReF", "src", "SRC", "srcset", "data-", "<a ", "<img ", "<script ", "<!-- ", " -->", "\u00e9", "\u00ff",
            "dist/", "../", "./", "dist/app-1.js", "docs_config.js", "?v=1", "#top", "x.html", "guides/",
            "https://hexdocs.pm/", "//hexdocs.pm/", "http://", ".hexdocs.pm/", "www.", "mime", "plug", "jason", "1.6.0", "1.5.0/",
            "2.0.0-rc.1", "javascript:", "HTTPS://HEXDOCS.PM/MIME/");

    private static final List<String> SPACES = List.of(" ", "\n", "\t", "\u000b", "\f", "\r", "  ", "\u001c", "\u00a0", "");
    private static final List<String> NAMES = List.of("href", "src", "HREF", "Src", "srcset", "xhref", "hre");
    private static final List<String> VALUE_PARTS = List.of("dist/", "dist", "../", "./", "/", "docs_config.js", "app-1.js",
            "https://hexdocs.pm/", "//hexdocs.pm/", "http://", "https://", ".hexdocs.pm/", "www.", "mime", "plug", "jason",
            "elixir", "www", "1.6.0", "1.6.0/", "9.9.9/", "2.0.0-rc.1/", "x.html", "?v=1", "#top", "&amp;", "javascript:",
            "HEXDOCS.PM/", "guides/", "\u00e9", " ", "<", "'", "\"");

    /** An attribute-like run: a space, a name, {@code =}, a quoted value, each part sometimes a little off. */
    private static String attribute(SplittableRandom random) {
        StringBuilder out = new StringBuilder(pick(SPACES, random)).append(pick(NAMES, random));
        out.append(random.nextInt(3) == 0 ? pick(SPACES, random) : "").append(random.nextInt(30) == 0 ? "" : "=")
                .append(random.nextInt(3) == 0 ? pick(SPACES, random) : "");
        String quote = random.nextBoolean() ? "\"" : "'";
        out.append(random.nextInt(30) == 0 ? "" : quote);
        for (int parts = random.nextInt(5); parts > 0; parts--) {
            String part = pick(VALUE_PARTS, random);
            out.append(part.length() == 1 && "<'\"".contains(part) && random.nextInt(4) != 0 ? "x" : part);
        }
        return out.append(random.nextInt(30) == 0 ? "" : quote).toString();
    }

    private static String pick(List<String> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }

    /** A page of {@code n} fragments drawn at random from markup pieces that matter to the rewriter. */
    static byte[] fuzz(SplittableRandom random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                out.append(attribute(random));
            } else if (random.nextInt(40) == 0) {
                out.append((char) random.nextInt(256));
            } else {
                out.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
        }
        return out.toString().getBytes(ISO_8859_1);
    }
}
