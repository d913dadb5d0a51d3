package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failed certificate-check fetch says why, in words an operator acts on, instead of "null": the
 * JDK client's exceptions carry no message of their own for an unknown host or a refused connection.
 */
class HttpFetcherIT {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpFetcher fetcher =
            new HttpFetcher(Duration.ofSeconds(2), Duration.ofMillis(500), Map.of(), null, null, executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void get_unknownHost_saysUnknownHost() {
        assertThatThrownBy(() -> fetcher.get("http://signdesk-no-such-host.invalid/crl/issuing-ca.crl", 1 << 20))
                .isInstanceOf(IOException.class)
                .hasMessage("unknown host");
    }

    @Test
    void get_nothingListening_saysConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> fetcher.get("http://127.0.0.1:" + port + "/ocsp", 1 << 20))
                .isInstanceOf(IOException.class)
                .hasMessage("connection refused");
    }

    @Test
    void post_serverThatNeverAnswers_saysItDidNotAnswerInTime() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            executor.submit(() -> {
                // accepts and keeps the connection open without a byte of answer
                try (Socket held = silent.accept()) {
                    Thread.sleep(10_000);
                }
                return null;
            });
            assertThatThrownBy(() -> fetcher.post(
                            "http://127.0.0.1:" + silent.getLocalPort() + "/ocsp",
                            new byte[] {0x30, 0x00},
                            "application/ocsp-request",
                            1 << 20))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .isNotBlank()
                            .isNotEqualTo("null")
                            .containsAnyOf("no answer in time", "no complete answer within"));
        }
    }

    @Test
    void reason_exceptionsWithoutMessage_neverSayNull() {
        assertThat(HttpFetcher.reason(new java.net.ConnectException())).isEqualTo("connection refused");
        assertThat(HttpFetcher.reason(new IOException((String) null))).isEqualTo("IOException");
        assertThat(HttpFetcher.reason(new IOException(null, new IllegalStateException("closed by peer"))))
                .isEqualTo("closed by peer");
    }
}
