package io.hexmirror.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.hexmirror.BadSignatureException;
import io.hexmirror.MalformedDataException;
import io.hexmirror.OriginMismatchException;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementStatus;
import io.hexmirror.registry.proto.Signed;
import io.hexmirror.registry.proto.Timestamp;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistryReaderWriterTest {
    static KeyPair keys;
    static RegistryWriter writer;
    static RegistryReader reader;

    @BeforeAll
    static void keys() {
        keys = RepositoryKeys.generate();
        writer = new RegistryWriter(keys.getPrivate());
        reader = new RegistryReader(keys.getPublic(), "hexpm");
    }

    static Package samplePackage(String name) {
        return Package.newBuilder().setName(name).setRepository("hexpm")
                .addReleases(Release.newBuilder().setVersion("1.0.0")
                        .setInnerChecksum(ByteString.copyFrom(new byte[32]))
                        .setOuterChecksum(ByteString.copyFrom(new byte[32]))
                        .addDependencies(Dependency.newBuilder().setPackage("mime").setRequirement("~> 1.0").setOptional(true))
                        .setRetired(RetirementStatus.newBuilder().setReason(3).setMessage("old"))
                        .setPublishedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(0)))
                .build();
    }

    @Test
    void writesFilesThatReadBack() throws Exception {
        Package pkg = samplePackage("plug");

        assertThat(reader.readPackage("plug", writer.write(pkg))).isEqualTo(pkg);
        Names names = Names.newBuilder().setRepository("hexpm").addPackages(NamesPackage.newBuilder().setName("plug")).build();
        assertThat(reader.readNames(writer.write(names))).isEqualTo(names);
        Versions versions = Versions.newBuilder().setRepository("hexpm")
                .addPackages(VersionsPackage.newBuilder().setName("plug").addVersions("1.0.0").addRetired(0)).build();
        assertThat(reader.readVersions(writer.write(versions))).isEqualTo(versions);
    }

    @Test
    void unknownFieldsSurviveADecodeEncodeRoundTrip() throws Exception {
        // A field upstream may add one day, at every level: the package, a release, a dependency.
        UnknownFieldSet future = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("new")).build())
                .build();
        Package base = samplePackage("plug");
        Release release = base.getReleases(0).toBuilder()
                .setUnknownFields(future)
                .setDependencies(0, base.getReleases(0).getDependencies(0).toBuilder().setUnknownFields(future))
                .build();
        Package withUnknown = base.toBuilder().setReleases(0, release).setUnknownFields(future).build();
        byte[] payload = withUnknown.toByteArray();

        Package decoded = reader.readPackage("plug", writer.writePayload(payload));

        assertThat(decoded.getUnknownFields().hasField(99)).isTrue();
        assertThat(decoded.getReleases(0).getDependencies(0).getUnknownFields().hasField(99)).isTrue();
        assertThat(decoded.toByteArray()).isEqualTo(payload);
    }

    @Test
    void anUnknownRetirementReasonIsTolerated() throws Exception {
        Package pkg = samplePackage("plug").toBuilder()
                .setReleases(0, samplePackage("plug").getReleases(0).toBuilder()
                        .setRetired(RetirementStatus.newBuilder().setReason(42)))
                .build();

        assertThat(reader.readPackage("plug", writer.write(pkg)).getReleases(0).getRetired().getReason()).isEqualTo(42);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        RegistryWriter other = new RegistryWriter(RepositoryKeys.generate().getPrivate());

        assertThatThrownBy(() -> reader.readPackage("plug", other.write(samplePackage("plug"))))
                .isInstanceOf(BadSignatureException.class)
                .hasMessage("packages/plug: signature does not verify with the hexpm public key");
    }

    @Test
    void anUnsignedFileIsRefused() throws Exception {
        byte[] unsigned = gzip(Signed.newBuilder().setPayload(samplePackage("plug").toByteString()).build().toByteArray());

        assertThatThrownBy(() -> reader.readPackage("plug", unsigned))
                .isInstanceOf(BadSignatureException.class).hasMessageContaining("unsigned");
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        Signed signed = Signed.parseFrom(Gzip.gunzip(writer.write(samplePackage("plug")), 1 << 20, "x"));
        byte[] payload = signed.getPayload().toByteArray();
        payload[payload.length - 1] ^= 1;
        byte[] tampered = gzip(signed.toBuilder().setPayload(ByteString.copyFrom(payload)).build().toByteArray());

        assertThatThrownBy(() -> reader.readPackage("plug", tampered)).isInstanceOf(BadSignatureException.class);
    }

    @Test
    void theOriginCheckRefusesAnotherRepositoryOrPackage() {
        Package otherRepository = samplePackage("plug").toBuilder().setRepository("acme").build();

        assertThatThrownBy(() -> reader.readPackage("plug", writer.write(otherRepository)))
                .isInstanceOf(OriginMismatchException.class)
                .hasMessage("packages/plug: belongs to repository 'acme', expected 'hexpm'");
        assertThatThrownBy(() -> reader.readPackage("plug", writer.write(samplePackage("mime"))))
                .isInstanceOf(OriginMismatchException.class)
                .hasMessage("packages/plug: names package 'mime', expected 'plug'");
        Names names = Names.newBuilder().setRepository("acme").build();
        assertThatThrownBy(() -> reader.readNames(writer.write(names))).isInstanceOf(OriginMismatchException.class);
    }

    @Test
    void garbageIsMalformedNotACrash() {
        assertThatThrownBy(() -> reader.readNames(new byte[] {1, 2, 3}))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("names: not valid gzip");
        assertThatThrownBy(() -> reader.readNames(gzip(new byte[] {(byte) 0xff, 0x00})))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("names: not a valid registry message");
    }

    @Test
    void aGzipBombIsRefusedByTheSizeLimit() throws Exception {
        assertThatThrownBy(() -> Gzip.gunzip(gzip(new byte[10_000]), 1000, "versions"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("versions: inflates to more than 1000 bytes");
    }

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
