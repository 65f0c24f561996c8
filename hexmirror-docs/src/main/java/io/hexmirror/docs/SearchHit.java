package io.hexmirror.docs;

/**
 * One search result.
 *
 * @param name the package
 * @param version the docs version
 * @param title the item's title, such as {@code Plug.Conn.put_status/2}
 * @param type module, function, type, callback, extras (a guide), page, ...
 * @param path the mirrored page, a path relative to the mirror's root: {@code hexdocs/NAME/VERSION/REF}
 * @param excerpt the beginning of its documentation, plain text
 * @param score Lucene's relevance score; higher is better
 */
public record SearchHit(String name, String version, String title, String type, String path, String excerpt,
        float score) {
}
