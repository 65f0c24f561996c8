/**
 * A fake Hex upstream for tests: real Hex repositories generated in memory and served over real
 * HTTP on loopback, which can change while served and inject faults.
 *
 * <pre>{@code
 * FakeHexRepository repo = FakeHexRepository.create();      // "hexpm", key shared per JVM
 * repo.publish("mime", "1.6.0");
 * repo.release("plug", "1.10.4")
 *         .dependsOn("mime", "~> 1.0")
 *         .dependsOnOptional("jason", "~> 1.0")
 *         .withDocs()
 *         .publish();
 *
 * try (FakeUpstreamServer server = FakeUpstreamServer.start(repo)) {
 *     server.faults().status("tarballs/*", 503).times(2);  // two failures, then normal service
 *     // point the code under test at server.baseUri(), verify with repo.reader() / repo.publicKey()
 *     repo.retire("plug", "1.10.4", RetirementReason.RETIRED_SECURITY, "CVE-2099-1");
 *     repo.replaceTarball("mime", "1.6.0");                 // new bytes, new checksums
 *     assertThat(server.requestsFor("packages/plug")).hasSize(1);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.hexmirror.testkit.upstream.FakeHexRepository}: the repository, its changes and
 *       its files ({@code file(path)}, {@code paths()}, {@code tarballChecksums(..)}).
 *   <li>{@link io.hexmirror.testkit.upstream.ReleaseBuilder}: the metadata of one release.
 *   <li>{@link io.hexmirror.testkit.upstream.FakeUpstreamServer}: Jetty on {@code 127.0.0.1}, a
 *       random port, ETags and 304s, a request log.
 *   <li>{@link io.hexmirror.testkit.upstream.Faults}: bad signature, wrong repository, wrong
 *       package name, corrupt body, truncated body, status codes, delays, dropped connections.
 * </ul>
 *
 * What the output is worth: Debian's rebar3 (with signature verification on) resolves, downloads
 * and unpacks dependency trees from it, and rejects it when a fault breaks a signature, an origin
 * or a checksum; see {@link io.hexmirror.testkit.clients.Rebar3}.
 */
package io.hexmirror.testkit.upstream;
