/**
 * Small file helpers that several parts of hexmirror share: reading a small object from a storage
 * with a size limit, reading a file the user named, and removing a local working directory.
 */
package io.hexmirror.files;
