/**
 * The package catalog of a mirror and its web pages: {@link io.hexmirror.catalog.Catalog} builds, from what
 * the mirror's storage holds alone (signed registry files, tarballs, docs, download counts), the data, the
 * static pages and the search index that {@code hexmirror serve} and a plain web server show, kept in the same
 * storage ({@link io.hexmirror.catalog.CatalogLayout}) and updated with only what a sync or an import changed.
 * Steps that write run under the mirror's lock, through {@link io.hexmirror.HexMirror#write}.
 */
package io.hexmirror.catalog;
