package io.hexmirror.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.s3.S3StorageConfig.CredentialSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3StorageConfigTest {
    private static final String ACCESS = "AKIAHEXMIRRORCONFIG";
    private static final String SECRET = "sEcReT-value-of-the-config-test";
    private static final String TOKEN = "tOkEn-value-of-the-config-test";

    private static S3StorageConfig parse(String uri, Map<String, String> options) {
        return S3StorageConfig.parse(URI.create(uri), options, Map.of());
    }

    @Test
    void bucketAndPrefixComeFromTheUri() {
        S3StorageConfig config = parse("s3://hexbucket/mirror/hexpm/", Map.of());

        assertThat(config.bucket()).isEqualTo("hexbucket");
        assertThat(config.prefix()).isEqualTo("mirror/hexpm");
        assertThat(config.describe()).isEqualTo("s3://hexbucket/mirror/hexpm");
    }

    @Test
    void aBareBucketHasAnEmptyPrefix() {
        S3StorageConfig config = parse("s3://hexbucket", Map.of());

        assertThat(config.prefix()).isEmpty();
        assertThat(config.describe()).isEqualTo("s3://hexbucket");
    }

    @Test
    void defaultsAreDocumentedValues() {
        S3StorageConfig config = parse("s3://hexbucket/m", Map.of());

        assertThat(config.partSize()).isEqualTo(8 * S3StorageConfig.MIB);
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.createBucket()).isFalse();
        assertThat(config.conditionalWrites()).isTrue();
        assertThat(config.listPageSize()).isEqualTo(1000);
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.region()).isEmpty();
        assertThat(config.credentialSource()).isEqualTo(CredentialSource.DEFAULT_CHAIN);
    }

    @Test
    void theIssueExampleUriOptionsAreUnderstood() {
        S3StorageConfig config = parse("s3://hexbucket/mirror", Map.of("endpoint", "http://127.0.0.1:9000", "path-style", "true"));

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.pathStyle()).isTrue();
        assertThat(config.describe()).isEqualTo("s3://hexbucket/mirror at http://127.0.0.1:9000");
    }

    @Test
    void everyOptionIsParsed() {
        S3StorageConfig config = parse("s3://hexbucket/m", Map.ofEntries(
                Map.entry("region", "eu-west-3"),
                Map.entry("profile", "mirror"),
                Map.entry("part-size", "16MiB"),
                Map.entry("create-bucket", "true"),
                Map.entry("conditional-writes", "false"),
                Map.entry("list-page-size", "2"),
                Map.entry("max-attempts", "5"),
                Map.entry("connect-timeout", "500ms"),
                Map.entry("socket-timeout", "PT2M")));

        assertThat(config.region()).contains("eu-west-3");
        assertThat(config.profile()).contains("mirror");
        assertThat(config.credentialSource()).isEqualTo(CredentialSource.PROFILE);
        assertThat(config.partSize()).isEqualTo(16 * S3StorageConfig.MIB);
        assertThat(config.createBucket()).isTrue();
        assertThat(config.conditionalWrites()).isFalse();
        assertThat(config.listPageSize()).isEqualTo(2);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource({"5MiB,5242880", "5242880,5242880", "8m,8388608", "1GiB,1073741824", "6144 KiB,6291456"})
    void partSizesAcceptUnits(String value, long bytes) {
        assertThat(parse("s3://hexbucket", Map.of("part-size", value)).partSize()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4MiB", "5242879", "2GiB"})
    void partSizesOutsideTheLimitsAreRefused(String value) {
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of("part-size", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part-size")
                .hasMessageContaining("between 5 MiB and 1 GiB");
    }

    @Test
    void anUnknownOptionIsNamedAndTheKnownOnesListed() {
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of("endpoit", "http://x", "region", "us-east-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'endpoit'")
                .hasMessageContaining("known: access-key, conditional-writes, connect-timeout, create-bucket, endpoint,");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "path-style|yes|must be true or false",
            "list-page-size|1001|between 1 and 1000",
            "list-page-size|many|whole number",
            "max-attempts|0|between 1 and 20",
            "connect-timeout|soon|is not a duration",
            "socket-timeout|0s|is not a positive duration",
            "region|Not A Region|not a region name",
            "endpoint|ftp://127.0.0.1|http or https URL",
            "endpoint|http://127.0.0.1:9000/?x=1|query or fragment",
            "profile|' '|is empty"})
    void badOptionValuesAreNamed(String option, String value, String expected) {
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of(option, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3:///prefix|names no bucket",
            "s3://Hex_Bucket/m|invalid bucket name 'Hex_Bucket'",
            "s3://hexbucket:9000/m|invalid bucket name",
            "s3://hexbucket/a/../b|invalid prefix",
            "s3://hexbucket/a//b|invalid prefix",
            "s3://hexbucket/m#frag|query or fragment",
            "s3:hexbucket|form s3://BUCKET/PREFIX"})
    void badUrisAreExplained(String uri, String expected) {
        assertThatThrownBy(() -> parse(uri, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void credentialsInTheUriAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> parse("s3://" + ACCESS + ":" + SECRET + "@hexbucket/m", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain user info")
                .message().doesNotContain(SECRET).doesNotContain(ACCESS);
    }

    @Test
    void credentialsInTheEndpointAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of("endpoint", "http://" + ACCESS + ":" + SECRET + "@127.0.0.1:9000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoint must not contain user info")
                .message().doesNotContain(SECRET).doesNotContain(ACCESS);
    }

    @Test
    void staticKeysMustComeInPairs() {
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of("access-key", ACCESS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("access-key and secret-key must be given together")
                .message().doesNotContain(ACCESS);
        assertThatThrownBy(() -> parse("s3://hexbucket", Map.of("session-token", TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session-token needs access-key and secret-key")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void credentialsNeverAppearInDescriptionsOrToString() {
        S3StorageConfig config = parse("s3://hexbucket/m", Map.of("access-key", ACCESS, "secret-key", SECRET, "session-token", TOKEN,
                "endpoint", "http://127.0.0.1:9000"));

        assertThat(config.credentialSource()).isEqualTo(CredentialSource.OPTIONS);
        assertThat(config.accessKey()).contains(ACCESS);
        assertThat(config.secretKey()).contains(SECRET);
        assertThat(config.sessionToken()).contains(TOKEN);
        for (String text : new String[] {config.describe(), config.toString()}) {
            assertThat(text).doesNotContain(ACCESS).doesNotContain(SECRET).doesNotContain(TOKEN);
        }
        assertThat(config.toString()).contains("credentials=OPTIONS ****");
    }

    @Test
    void scrubMasksEveryCredentialInAMessage() {
        S3StorageConfig config = parse("s3://hexbucket", Map.of("access-key", ACCESS, "secret-key", SECRET, "session-token", TOKEN));

        assertThat(config.scrub("id " + ACCESS + " key " + SECRET + " token " + TOKEN)).isEqualTo("id **** key **** token ****");
        assertThat(config.scrub(null)).isNull();
    }

    @Test
    void theStandardAwsVariablesConfigureWhatOptionsLeaveOpen() {
        Map<String, String> env = Map.of(
                "AWS_ACCESS_KEY_ID", ACCESS,
                "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_SESSION_TOKEN", TOKEN,
                "AWS_REGION", "eu-central-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9000");

        S3StorageConfig config = S3StorageConfig.parse(URI.create("s3://hexbucket/m"), Map.of(), env);

        assertThat(config.credentialSource()).isEqualTo(CredentialSource.ENVIRONMENT);
        assertThat(config.accessKey()).contains(ACCESS);
        assertThat(config.secretKey()).contains(SECRET);
        assertThat(config.sessionToken()).contains(TOKEN);
        assertThat(config.region()).contains("eu-central-1");
        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain(ACCESS).doesNotContain(TOKEN);
    }

    @Test
    void theS3SpecificEndpointVariableWinsOverTheGeneralOne() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1111", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2222",
                "AWS_DEFAULT_REGION", "ap-south-1");

        S3StorageConfig config = S3StorageConfig.parse(URI.create("s3://hexbucket"), Map.of(), env);

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:2222"));
        assertThat(config.region()).contains("ap-south-1");
    }

    @Test
    void optionsWinOverTheEnvironment() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAFROMENV", "AWS_SECRET_ACCESS_KEY", "from-env",
                "AWS_REGION", "eu-central-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:1111");
        Map<String, String> options = Map.of("access-key", ACCESS, "secret-key", SECRET, "region", "us-west-2",
                "endpoint", "http://127.0.0.1:9000");

        S3StorageConfig config = S3StorageConfig.parse(URI.create("s3://hexbucket"), options, env);

        assertThat(config.credentialSource()).isEqualTo(CredentialSource.OPTIONS);
        assertThat(config.accessKey()).contains(ACCESS);
        assertThat(config.region()).contains("us-west-2");
        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    }

    @Test
    void aProfileOptionWinsOverEnvironmentKeys() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", SECRET);

        S3StorageConfig config = S3StorageConfig.parse(URI.create("s3://hexbucket"), Map.of("profile", "mirror"), env);

        assertThat(config.credentialSource()).isEqualTo(CredentialSource.PROFILE);
        assertThat(config.profile()).contains("mirror");
        assertThat(config.accessKey()).isEmpty();
    }

    @Test
    void theAwsProfileVariableSelectsAProfileWhenNoKeysAreGiven() {
        S3StorageConfig config = S3StorageConfig.parse(URI.create("s3://hexbucket"), Map.of(), Map.of("AWS_PROFILE", "ci"));

        assertThat(config.credentialSource()).isEqualTo(CredentialSource.PROFILE);
        assertThat(config.profile()).contains("ci");
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> S3StorageConfig.parse(URI.create("s3://hexbucket"), Map.of(), Map.of("AWS_ENDPOINT_URL", "minio:9000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable AWS_ENDPOINT_URL");
    }

    @Test
    void theProviderServesS3AndNamesItsSecretOptions() {
        S3StorageProvider provider = new S3StorageProvider();

        assertThat(provider.scheme()).isEqualTo("s3");
        assertThat(provider.secretOptions()).containsExactlyInAnyOrder("access-key", "secret-key", "session-token");
        assertThat(S3StorageConfig.KNOWN_OPTIONS).containsAll(provider.secretOptions());
    }
}
