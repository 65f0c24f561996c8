package io.hexmirror.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementStatus;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.registry.proto.Timestamp;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Filtering registry messages for a re-signed partial mirror: only the kept releases and packages
 * remain, every other field is carried over (fields this code does not know included, since hex.pm
 * keeps adding some), and the index positions in {@code /versions} are renumbered.
 */
class RegistryFilterTest {
    /** Fields a future hex.pm might add: numbers the current schema does not use, of each wire type. */
    private static UnknownFieldSet unknown(String tag) {
        return UnknownFieldSet.newBuilder()
                .addField(90, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(tag)).build())
                .addField(91, UnknownFieldSet.Field.newBuilder().addVarint(42).build())
                .addField(92, UnknownFieldSet.Field.newBuilder().addFixed64(7L).addFixed32(3).build())
                .build();
    }

    @Test
    void packageKeepsOnlyTheGivenReleasesWithEveryFieldAndUnknownFields() throws Exception {
        Package upstream = wire(Package.newBuilder()
                .setName("plug").setRepository("hexpm")
                .addAdvisories(SecurityAdvisory.newBuilder().setId("GHSA-1").setSummary("first").setUnknownFields(unknown("advisory")))
                .addAdvisories(SecurityAdvisory.newBuilder().setId("GHSA-2").setSummary("second"))
                .addReleases(release("1.0.0").addAdvisoryIndexes(0))
                .addReleases(release("1.1.0").addAdvisoryIndexes(1)
                        .setRetired(RetirementStatus.newBuilder().setReason(3).setMessage("use 1.2.0").setUnknownFields(unknown("retired")))
                        .addDependencies(Dependency.newBuilder().setPackage("mime").setRequirement("~> 1.0 or ~> 2.0")
                                .setOptional(true).setApp("mime_app").setRepository("hexpm").setUnknownFields(unknown("dependency"))))
                .addReleases(release("1.2.0-rc.0"))
                .addReleases(release("1.2.0").setRetired(RetirementStatus.newBuilder().setReason(99)))
                .setUnknownFields(unknown("package"))
                .build()
                .toByteArray(), Package.parser());

        Package filtered = roundTrip(RegistryFilter.keepReleases(upstream, Set.of("1.2.0", "1.1.0", "9.9.9")), Package.parser());

        assertThat(filtered.getReleasesList()).extracting(Release::getVersion).containsExactly("1.1.0", "1.2.0");
        // The kept releases are upstream's, field for field (unknown fields, retirement, dependencies).
        assertThat(filtered.getReleases(0)).isEqualTo(upstream.getReleases(1));
        assertThat(filtered.getReleases(1)).isEqualTo(upstream.getReleases(3));
        assertThat(filtered.getReleases(0).getUnknownFields()).isEqualTo(unknown("release 1.1.0"));
        assertThat(filtered.getReleases(0).getDependencies(0).getUnknownFields()).isEqualTo(unknown("dependency"));
        assertThat(filtered.getReleases(0).getRetired().getUnknownFields()).isEqualTo(unknown("retired"));
        // A reason this schema does not name still comes through.
        assertThat(filtered.getReleases(1).getRetired().getReason()).isEqualTo(99);
        // The package's own fields: name, repository, advisories whole (so advisory_indexes stay right).
        assertThat(filtered.getName()).isEqualTo("plug");
        assertThat(filtered.getRepository()).isEqualTo("hexpm");
        assertThat(filtered.getAdvisoriesList()).isEqualTo(upstream.getAdvisoriesList());
        assertThat(filtered.getReleases(0).getAdvisoryIndexesList()).containsExactly(1);
        assertThat(filtered.getUnknownFields()).isEqualTo(unknown("package"));
        assertThat(filtered.getAdvisories(0).getUnknownFields()).isEqualTo(unknown("advisory"));
    }

    @Test
    void keepingEveryReleaseGivesTheSameBytes() throws Exception {
        Package upstream = wire(Package.newBuilder().setName("mime").setRepository("hexpm")
                .addReleases(release("1.0.0")).addReleases(release("2.0.0")).setUnknownFields(unknown("package"))
                .build().toByteArray(), Package.parser());

        assertThat(RegistryFilter.keepReleases(upstream, Set.of("1.0.0", "2.0.0")).toByteArray()).isEqualTo(upstream.toByteArray());
    }

    @Test
    void versionsRenumbersRetiredAndAdvisoryIndexes() throws Exception {
        Versions upstream = wire(Versions.newBuilder().setRepository("hexpm")
                .addPackages(VersionsPackage.newBuilder().setName("decimal")
                        .addAllVersions(List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"))
                        // 7 is out of range (a malformed index): it is dropped, not moved.
                        .addAllRetired(List.of(1, 3, 7))
                        .addAllWithAdvisories(List.of(0, 3, 4))
                        .setUnknownFields(unknown("versions decimal")))
                .addPackages(VersionsPackage.newBuilder().setName("jason").addAllVersions(List.of("1.0.0", "1.1.0"))
                        .addRetired(0))
                .addPackages(VersionsPackage.newBuilder().setName("mime").addVersions("1.0.0"))
                .setUnknownFields(unknown("versions"))
                .build().toByteArray(), Versions.parser());

        Versions filtered = roundTrip(RegistryFilter.keepReleases(upstream, Map.of(
                "decimal", Set.of("1.1.0", "1.3.0", "1.4.0"),
                "mime", Set.of("1.0.0"),
                "no_such_package", Set.of("1.0.0"))), Versions.parser());

        assertThat(filtered.getRepository()).isEqualTo("hexpm");
        assertThat(filtered.getUnknownFields()).isEqualTo(unknown("versions"));
        assertThat(filtered.getPackagesList()).extracting(VersionsPackage::getName).containsExactly("decimal", "mime");
        VersionsPackage decimal = filtered.getPackages(0);
        assertThat(decimal.getVersionsList()).containsExactly("1.1.0", "1.3.0", "1.4.0");
        // Upstream's 1 (1.1.0) and 3 (1.3.0) are now 0 and 1; 1.0.0's advisory goes with it.
        assertThat(decimal.getRetiredList()).containsExactly(0, 1);
        assertThat(decimal.getWithAdvisoriesList()).containsExactly(1, 2);
        assertThat(decimal.getUnknownFields()).isEqualTo(unknown("versions decimal"));
        assertThat(filtered.getPackages(1)).isEqualTo(upstream.getPackages(2));
    }

    @Test
    void namesKeepsOnlyTheGivenPackagesWithTheirTimestamps() throws Exception {
        Names upstream = wire(Names.newBuilder().setRepository("hexpm")
                .addPackages(NamesPackage.newBuilder().setName("decimal").setUpdatedAt(time(100)).setUnknownFields(unknown("decimal")))
                .addPackages(NamesPackage.newBuilder().setName("jason").setUpdatedAt(time(200)))
                .addPackages(NamesPackage.newBuilder().setName("mime"))
                .setUnknownFields(unknown("names"))
                .build().toByteArray(), Names.parser());

        Names filtered = roundTrip(RegistryFilter.keepPackages(upstream, Set.of("mime", "decimal")), Names.parser());

        assertThat(filtered.getPackagesList()).containsExactly(upstream.getPackages(0), upstream.getPackages(2));
        assertThat(filtered.getPackages(0).getUnknownFields()).isEqualTo(unknown("decimal"));
        assertThat(filtered.getRepository()).isEqualTo("hexpm");
        assertThat(filtered.getUnknownFields()).isEqualTo(unknown("names"));
    }

    private static Release.Builder release(String version) {
        return Release.newBuilder().setVersion(version)
                .setInnerChecksum(ByteString.copyFrom(new byte[32]))
                .setOuterChecksum(ByteString.copyFrom(new byte[] {1, 2, 3}))
                .setPublishedAt(time(1_600_000_000L))
                .setUnknownFields(unknown("release " + version));
    }

    private static Timestamp time(long seconds) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(0).build();
    }

    /** Decodes bytes as a client or the mirror reads them off the wire. */
    private static <T> T wire(byte[] bytes, com.google.protobuf.Parser<T> parser) throws InvalidProtocolBufferException {
        return parser.parseFrom(bytes);
    }

    /** What a client decodes from the re-encoded message. */
    private static <T extends com.google.protobuf.MessageLite> T roundTrip(T message, com.google.protobuf.Parser<T> parser)
            throws InvalidProtocolBufferException {
        return parser.parseFrom(message.toByteArray());
    }
}
