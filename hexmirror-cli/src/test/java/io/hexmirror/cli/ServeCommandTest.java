package io.hexmirror.cli;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.Storages;
import io.hexmirror.storage.WriteOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyMirrorIsWarnedAboutUnlessABackgroundSyncWillFillIt() throws Exception {
        try (Storage storage = Storages.open(dir.toString())) {
            assertThat(ServeCommand.emptyMirrorWarning(storage, false)).hasValueSatisfying(warning ->
                    assertThat(warning).contains("holds no mirror yet").contains("run 'hexmirror sync' or 'hexmirror import'"));
            assertThat(ServeCommand.emptyMirrorWarning(storage, true)).isEmpty();

            storage.write("names", new byte[] {1}, WriteOptions.defaults());

            assertThat(ServeCommand.emptyMirrorWarning(storage, false)).isEmpty();
        }
    }

    @Test
    void aMemoryCacheThatIsNoSizeIsAUsageErrorNamingTheOption() {
        CliRun serve = CliRun.of("serve", "--port", "0", "--memory-cache", "lots", dir.toString());

        assertThat(serve.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(serve.err()).contains("--memory-cache").contains("lots");
    }
}
