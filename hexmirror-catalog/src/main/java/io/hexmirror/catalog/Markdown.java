package io.hexmirror.catalog;

import java.util.Map;
import java.util.Set;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a package's README (untrusted Markdown) to HTML that cannot run script or leave its box:
 * raw HTML is escaped into visible text, links with a scheme other than http, https or mailto are
 * dropped (commonmark's sanitizer), images are not loaded (they would fetch from outside the mirror;
 * their alt text and address show as a link instead), and every link opens without a referrer.
 * Thread-safe.
 */
final class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> new LinkAttributes())
            .nodeRendererFactory(context -> new ImageAsLink(context))
            .build();

    private Markdown() {
    }

    static String render(String markdown) {
        Node document = PARSER.parse(markdown);
        return RENDERER.render(document);
    }

    /** Marks links to outside the mirror so they never send the mirror's address along. */
    private static final class LinkAttributes implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Link) {
                String href = attributes.get("href");
                if (href == null || href.isEmpty() || Html.safeHref(href).isEmpty()) {
                    attributes.remove("href");
                } else if (Html.isExternal(href)) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            }
        }
    }

    /** An image becomes a plain link to it, so that reading a README fetches nothing from anywhere. */
    private static final class ImageAsLink implements org.commonmark.renderer.NodeRenderer {
        private final org.commonmark.renderer.html.HtmlNodeRendererContext context;

        ImageAsLink(org.commonmark.renderer.html.HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            StringBuilder alt = new StringBuilder();
            for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof org.commonmark.node.Text text) {
                    alt.append(text.getLiteral());
                }
            }
            String label = "[image" + (alt.length() > 0 ? ": " + alt : "") + "]";
            String href = context.encodeUrl(image.getDestination());
            var html = context.getWriter();
            if (Html.safeHref(image.getDestination()).isPresent() && Html.isExternal(image.getDestination())) {
                html.tag("a", Map.of("href", href, "rel", "nofollow noopener noreferrer", "class", "image-link"));
                html.text(label);
                html.tag("/a");
            } else {
                html.text(label);
            }
        }
    }
}
