package io.hexmirror.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client a {@link S3StorageConfig} describes. */
final class S3Clients {
    /** What S3-compatible servers accept when nothing names a region; AWS itself redirects from here. */
    static final Region FALLBACK_REGION = Region.US_EAST_1;

    private S3Clients() {
    }

    static S3Client create(S3StorageConfig config) {
        return builder(config).build();
    }

    /** A builder with everything set, for callers (tests) that add interceptors before building. */
    static S3ClientBuilder builder(S3StorageConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.socketTimeout()))
                .credentialsProvider(credentials(config))
                .region(region(config))
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .build())
                        .build());
        if (config.endpoint().isPresent()) {
            builder.endpointOverride(config.endpoint().get());
            // Self-hosted stores (older MinIO, Ceph, Garage) reject or mishandle the SDK's default
            // CRC trailers in aws-chunked bodies; checksums only where S3 requires them keeps them
            // working. SigV4 still signs the payload over http, and TLS protects https.
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            builder.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        } else if (config.region().isEmpty()) {
            // Without a configured region, follow AWS's redirects to the bucket's own region.
            builder.crossRegionAccessEnabled(true);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(S3StorageConfig config) {
        return switch (config.credentialSource()) {
            case OPTIONS, ENVIRONMENT -> {
                String id = config.accessKey().orElseThrow();
                String secret = config.secretKey().orElseThrow();
                yield StaticCredentialsProvider.create(config.sessionToken()
                        .<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                        .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
            }
            case PROFILE -> ProfileCredentialsProvider.builder().profileName(config.profile().orElseThrow()).build();
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
        };
    }

    private static Region region(S3StorageConfig config) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        // The environment was read into the config already. The SDK's default region chain would
        // also ask the EC2 instance metadata service, a network call with timeouts off EC2: the
        // profile is the only other place looked at.
        try {
            AwsProfileRegionProvider fromProfile = config.profile()
                    .map(name -> new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, name))
                    .orElseGet(AwsProfileRegionProvider::new);
            return fromProfile.getRegion();
        } catch (SdkClientException e) {
            // S3-compatible servers ignore the region; AWS redirects (cross-region access is on).
            return FALLBACK_REGION;
        }
    }
}
