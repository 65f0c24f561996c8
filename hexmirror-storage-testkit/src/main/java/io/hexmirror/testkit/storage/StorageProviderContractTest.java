package io.hexmirror.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import io.hexmirror.storage.Storages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * How every {@link StorageProvider} treats its configuration, as JUnit 5 tests: it is found by its
 * scheme through {@code META-INF/services}, refuses an unknown option naming it (and not quoting its
 * value), and never lets the value of a {@link StorageProvider#secretOptions() secret option} into
 * an error, {@link Storage#describe()} or {@code toString()}. A plugin subclasses it next to its
 * {@link StorageContractTest}:
 *
 * <pre>{@code
 * class MyStorageProviderContractTest extends StorageProviderContractTest {
 *     @TempDir Path dir;
 *
 *     protected StorageProvider provider() { return new MyStorageProvider(); }
 *     protected String target() { return "my://" + dir; }
 * }
 * }</pre>
 *
 * {@link io.hexmirror.storage.config.ProviderOptions} gives a provider all of this in one line.
 */
public abstract class StorageProviderContractTest {
    private static final String MARKER = "Contract-Secret-Value-5e1f";

    /** A new instance of the provider under test. */
    protected abstract StorageProvider provider();

    /** A target the provider opens, without a query ({@code my://host/path}); a plain path means {@code file:}. */
    protected abstract String target() throws Exception;

    /**
     * The options {@link #target()} needs to open (an endpoint, credentials); none by default. Their
     * secret values must not show in the opened store's description.
     */
    protected Map<String, String> requiredOptions() throws Exception {
        return Map.of();
    }

    @Test
    public void theSchemeIsALowerCaseUriScheme() {
        assertThat(provider().scheme()).matches("[a-z][a-z0-9+.-]*");
    }

    @Test
    public void theProviderIsListedInMetaInfServices() {
        String scheme = provider().scheme();
        assertThat(ServiceLoader.load(StorageProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::type)
                .filter(type -> type.equals(provider().getClass())))
                .as("providers of class %s found by ServiceLoader for scheme %s", provider().getClass().getName(), scheme)
                .hasSize(1);
    }

    @Test
    public void theTargetOpensWithTheRequiredOptions() throws Exception {
        try (Storage storage = open(requiredOptions())) {
            assertThat(storage.describe()).isNotBlank();
        }
    }

    @Test
    public void anUnknownOptionIsRefusedByNameWithoutQuotingItsValue() throws Exception {
        Map<String, String> options = new LinkedHashMap<>(requiredOptions());
        options.put("no-such-option", MARKER);

        assertThatThrownBy(() -> open(options).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-option")
                .message().doesNotContain(MARKER);
    }

    @Test
    public void secretValuesNeverShowInErrors() throws Exception {
        for (String secret : provider().secretOptions()) {
            Map<String, String> options = new LinkedHashMap<>(requiredOptions());
            options.put(secret, MARKER);
            options.put("no-such-option", "x");

            assertThatThrownBy(() -> open(options).close()).as("error with secret option %s given", secret)
                    .message().doesNotContain(MARKER);
        }
    }

    @Test
    public void theOpenedStoreShowsNoSecretValue() throws Exception {
        Map<String, String> options = requiredOptions();
        try (Storage storage = open(options)) {
            for (String secret : provider().secretOptions()) {
                String value = options.get(secret);
                if (value != null && !value.isEmpty()) {
                    assertThat(storage.describe()).as("describe()").doesNotContain(value);
                    assertThat(storage.toString()).as("toString()").doesNotContain(value);
                }
            }
        }
    }

    private Storage open(Map<String, String> options) throws Exception {
        return Storages.open(target(), options, getClass().getClassLoader());
    }
}
