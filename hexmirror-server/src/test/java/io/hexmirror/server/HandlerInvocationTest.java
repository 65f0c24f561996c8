package io.hexmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.fs.FileSystemStorage;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's handler declares itself non-blocking, so that Jetty runs them on the selector
 * thread that read the request instead of handing every request to a pool thread; the work that
 * may block is theirs to move to the pool (see BlockingWork, and the tests of pages, the API, docs
 * search and streaming stores, which run that way).
 */
class HandlerInvocationTest {
    @TempDir
    Path dir;

    @Test
    void theMirrorHandlerIsNonBlocking() throws Exception {
        try (FileSystemStorage storage = FileSystemStorage.open(dir, false)) {
            MirrorHandler files = new MirrorHandler(storage, "/", new ObjectCache(storage, 10, 0, 0), Optional::empty);

            assertThat(files.getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);
        }
    }
}
