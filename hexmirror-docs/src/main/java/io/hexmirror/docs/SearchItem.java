package io.hexmirror.docs;

/**
 * One entry of a docs version's search data, as ExDoc writes it.
 *
 * @param ref the page (and anchor) it links to, relative to the docs version's root
 * @param title what it is called, such as {@code Enum.map/2}
 * @param type {@code module}, {@code function}, {@code type}, {@code extras} (a guide), ...
 * @param doc its documentation text (Markdown or plain), possibly empty
 */
public record SearchItem(String ref, String title, String type, String doc) {
    public SearchItem {
        ref = ref == null ? "" : ref;
        title = title == null ? "" : title;
        type = type == null ? "" : type;
        doc = doc == null ? "" : doc;
    }
}
