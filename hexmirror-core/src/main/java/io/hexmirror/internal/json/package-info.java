/**
 * Not API: the checks shared by the readers of hex.pm's JSON (the download counts snapshot and the API pages
 * it is fetched from). Public only because those readers sit in different packages; it may change in any
 * release, and its Javadoc is not published.
 */
package io.hexmirror.internal.json;
