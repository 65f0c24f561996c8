/**
 * Serving a mirror over HTTP as a Hex repository that Mix, rebar3 and browsers use:
 * {@link io.hexmirror.server.MirrorServer} serves straight from a {@link io.hexmirror.storage.Storage}
 * with conditional and range requests, a memory cache and an optional path prefix, and can sync the mirror
 * in the background ({@link io.hexmirror.server.MirrorServer.Builder#syncFrom}) while serving it: clients
 * never see a half-applied sync. {@link io.hexmirror.server.SyncStatus} is what the home page shows of it.
 */
package io.hexmirror.server;
