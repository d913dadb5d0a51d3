package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.DocumentTooComplexException;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningFailedException;
import vn.signdesk.signing.TimestampUnavailableException;
import vn.signdesk.signing.UnsupportedDocumentException;

/** How each failure becomes a problem: status, type, headers, and what the detail may say. */
class ProblemHandlerTest {

    private static HttpProblem of(Throwable failure) {
        return ProblemHandler.toProblem(failure, 500, "rid-1", null);
    }

    @Test
    void toProblem_coreErrors_mapToTheirStatusAndKind() {
        assertThat(of(new InvalidDocumentException("not a PDF")))
                .extracting(HttpProblem::status, HttpProblem::type, HttpProblem::detail)
                .containsExactly(400, "invalid-document", "not a PDF");
        assertThat(of(new UnsupportedDocumentException("encrypted")))
                .extracting(HttpProblem::status, HttpProblem::type)
                .containsExactly(422, "unsupported-document");
        assertThat(of(new InvalidRequestException("bad token")))
                .extracting(HttpProblem::status, HttpProblem::type)
                .containsExactly(400, "invalid-request");
        assertThat(of(new DocumentTooComplexException("the PDF is too complex to read safely: a loop")))
                .extracting(HttpProblem::status, HttpProblem::type, HttpProblem::detail)
                .containsExactly(422, "document-too-complex", "the PDF is too complex to read safely: a loop");
    }

    @Test
    void toProblem_unavailableKeyOrTsa_is503WithRetryAfter() {
        HttpProblem key = of(new KeyAccessException("the department seal key is not available"));
        HttpProblem tsa = of(new TimestampUnavailableException("no TSA answered", new IOException("refused")));

        assertThat(key.status()).isEqualTo(503);
        assertThat(key.type()).isEqualTo("key-unavailable");
        assertThat(key.headers()).containsKey("Retry-After");
        assertThat(tsa.status()).isEqualTo(503);
        assertThat(tsa.type()).isEqualTo("timestamp-unavailable");
        assertThat(tsa.headers()).containsKey("Retry-After");
    }

    @Test
    void toProblem_signingFailed_is500WithoutTheMessage() {
        HttpProblem p = of(new SigningFailedException(
                "DSS said: /var/keys/seal.p12 alias seal-2024", new IllegalStateException()));

        assertThat(p.status()).isEqualTo(500);
        assertThat(p.type()).isEqualTo("signing-failed");
        assertThat(p.detail())
                .doesNotContain("/var/keys")
                .doesNotContain("alias")
                .contains("rid-1");
    }

    @Test
    void toProblem_unexpectedException_isGeneric500() {
        HttpProblem p = of(new NullPointerException("field x of /opt/signdesk/secret"));

        assertThat(p.status()).isEqualTo(500);
        assertThat(p.type()).isEqualTo("internal-error");
        assertThat(p.detail()).doesNotContain("/opt").contains("rid-1");
    }

    @Test
    void toProblem_bareStatusFromVertx_keepsTheStatus() {
        assertThat(ProblemHandler.toProblem(null, 404, "r", null).type()).isEqualTo("not-found");
        assertThat(ProblemHandler.toProblem(null, 405, "r", null).type()).isEqualTo("method-not-allowed");
        assertThat(ProblemHandler.toProblem(null, 413, "r", 8192L).detail()).contains("8192");
        assertThat(ProblemHandler.toProblem(null, 400, "r", null).status()).isEqualTo(400);
    }

    @Test
    void toProblem_edgeProblem_isKeptAsItIs() {
        HttpProblem forbidden = new HttpProblem(403, "forbidden", "Not allowed", "no");
        assertThat(of(forbidden)).isSameAs(forbidden);
    }
}
