package org.arvados.maven.prune.sdk;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An SDK HTTP client whose answers end in an error past a size: the SDK reads a whole answer into memory before
 * parsing it, so an endpoint that streams without end would otherwise fill Maven's heap.
 */
final class BoundedHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final long maxBytes;
    private final AtomicBoolean exceeded = new AtomicBoolean();

    BoundedHttpClient(SdkHttpClient delegate, long maxBytes) {
        this.delegate = delegate;
        this.maxBytes = maxBytes;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = prepared.call();
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(response.responseBody().map(body -> AbortableInputStream.create(
                                new Bounded(body), body)).orElse(null))
                        .build();
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    /** Whether an answer was cut since the last time this was asked. */
    boolean takeExceeded() {
        return exceeded.getAndSet(false);
    }

    String exceededMessage() {
        return "the answer is larger than " + (maxBytes >> 20) + " MiB, far more than this call's answer can be; the"
                + " endpoint is not EC2's API or is broken";
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Fails the read that would pass {@code maxBytes}. */
    private final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                exceeded.set(true);
                throw new IOException(exceededMessage());
            }
        }
    }
}
