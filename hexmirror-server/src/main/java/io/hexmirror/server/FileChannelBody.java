package io.hexmirror.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a span of a local file as a response body. The kernel reads the file from its page cache
 * straight into a direct buffer of Jetty's pool, and that buffer goes to the socket as it is: the
 * bytes never pass through the Java heap, and no stream sits in between. A file up to
 * {@value #CHUNK_BYTES} bytes, as nearly every registry file and tarball is, goes out in a single
 * write together with the response headers; a larger one in chunks of that size, one after the
 * other as the client takes them. The channel is closed when the body is sent or the send fails.
 */
final class FileChannelBody extends IteratingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannelBody.class);
    static final int CHUNK_BYTES = 256 * 1024;

    private final FileChannel channel;
    private final String key;
    private final Response response;
    private final Callback callback;
    private final RetainableByteBuffer buffer;
    private long position;
    private long remaining;

    private FileChannelBody(FileChannel channel, String key, long first, long length, ByteBufferPool pool, Response response,
            Callback callback) {
        this.channel = channel;
        this.key = key;
        this.position = first;
        this.remaining = length;
        this.response = response;
        this.callback = callback;
        this.buffer = pool.acquire((int) Math.min(length, CHUNK_BYTES), true);
    }

    /** Sends {@code length} bytes from {@code first} on as the last content of the response. */
    static void send(FileChannel channel, String key, long first, long length, ByteBufferPool pool, Response response,
            Callback callback) {
        FileChannelBody body = new FileChannelBody(channel, key, first, length, pool, response, callback);
        if (length > CHUNK_BYTES) {
            body.iterate();
            return;
        }
        // One chunk: read it, let the file go at once, and write it with the headers.
        ByteBuffer chunk;
        try {
            chunk = body.readChunk();
        } catch (IOException | RuntimeException e) {
            body.onCompleteFailure(e);
            return;
        }
        body.closeChannel();
        response.write(true, chunk, Callback.from(body.buffer::release, callback));
    }

    @Override
    protected Action process() throws IOException {
        if (remaining == 0) {
            return Action.SUCCEEDED;
        }
        ByteBuffer chunk = readChunk();
        response.write(remaining == 0, chunk, this);
        return Action.SCHEDULED;
    }

    /** Reads the next chunk into the buffer, ready to be written. */
    private ByteBuffer readChunk() throws IOException {
        ByteBuffer chunk = buffer.getByteBuffer();
        chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
        while (chunk.hasRemaining()) {
            if (channel.read(chunk, position + chunk.position()) < 0) {
                // Replaced files are new inodes, so the open one cannot shrink unless edited in place.
                throw new EOFException("'" + key + "' ended at byte " + (position + chunk.position()) + ", before the "
                        + remaining + " bytes still to send");
            }
        }
        chunk.flip();
        position += chunk.remaining();
        remaining -= chunk.remaining();
        return chunk;
    }

    @Override
    protected void onCompleteSuccess() {
        release();
        callback.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        release();
        callback.failed(cause);
    }

    private void release() {
        buffer.release();
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing '{}' failed", key, e);
        }
    }
}
