/**
 * Small helpers for the worker pools of sync, verify and the docs sync; hexmirror's own, not API.
 */
package io.hexmirror.concurrent;
