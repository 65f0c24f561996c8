package io.hexmirror.tarball;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds package tarballs for tests with commons-compress, valid by default, broken on request. */
final class TestTarballs {
    static final byte[] METADATA = """
            {<<"app">>,<<"tiny">>}.
            {<<"build_tools">>,[<<"rebar3">>]}.
            {<<"description">>,<<"A tiny test package">>}.
            {<<"files">>,[<<"src/tiny.erl">>]}.
            {<<"licenses">>,[<<"MIT">>]}.
            {<<"name">>,<<"tiny">>}.
            {<<"requirements">>,[]}.
            {<<"version">>,<<"1.0.0">>}.
            """.getBytes(StandardCharsets.UTF_8);

    private TestTarballs() {
    }

    static byte[] resource(String name) {
        try (InputStream in = TestTarballs.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fixtures/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzipped tar of one source file, like a real contents.tar.gz. */
    static byte[] contents() {
        return gzip(tar(Map.of("src/tiny.erl", "-module(tiny).\n".getBytes(StandardCharsets.UTF_8))));
    }

    static byte[] tar(Map<String, byte[]> files) {
        Builder builder = new Builder();
        files.forEach(builder::member);
        return builder.build();
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CHECKSUM member Hex writes: uppercase hex of the inner checksum. */
    static byte[] checksumMember(byte[] version, byte[] metadata, byte[] contents) {
        return HexFormat.of().withUpperCase().formatHex(sha256(version, metadata, contents)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The four members of a valid tarball, in order, with a matching CHECKSUM. */
    static Map<String, byte[]> members(byte[] metadata, byte[] contents) {
        byte[] version = "3".getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("VERSION", version);
        members.put("CHECKSUM", checksumMember(version, metadata, contents));
        members.put("metadata.config", metadata);
        members.put("contents.tar.gz", contents);
        return members;
    }

    static byte[] tarball(byte[] metadata, byte[] contents) {
        return tar(members(metadata, contents));
    }

    static byte[] validTarball() {
        return tarball(METADATA, contents());
    }

    /** A tar written member by member; each entry can be adjusted (type, raw name) before it is written. */
    static final class Builder {
        private record Member(String name, byte type, byte[] data, Consumer<TarArchiveEntry> adjust) {
        }

        private final List<Member> members = new ArrayList<>();

        Builder member(String name, byte[] data) {
            return member(name, data, entry -> { });
        }

        Builder member(String name, byte[] data, Consumer<TarArchiveEntry> adjust) {
            members.add(new Member(name, TarConstants.LF_NORMAL, data, adjust));
            return this;
        }

        /** A member of another tar type (symbolic link, directory...), without data. */
        Builder special(String name, byte type, Consumer<TarArchiveEntry> adjust) {
            members.add(new Member(name, type, new byte[0], adjust));
            return this;
        }

        Builder members(Map<String, byte[]> all) {
            all.forEach(this::member);
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                for (Member member : members) {
                    // preserveAbsolutePath keeps names such as "/VERSION" exactly as given.
                    TarArchiveEntry entry = new TarArchiveEntry(member.name(), member.type(), true);
                    entry.setSize(member.data().length);
                    member.adjust().accept(entry);
                    tar.putArchiveEntry(entry);
                    tar.write(member.data());
                    tar.closeArchiveEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
