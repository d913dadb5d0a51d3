package vn.signdesk.signing.verify.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * SignDesk's signer over an in-memory demo PKI, its certificate checks answered in-process and its
 * timestamps by an embedded TSA, for the revision analysis' tests on documents signed here.
 */
final class DemoSigner {

    final DemoPki pki;
    final PadesDocumentSigner signer;

    DemoSigner() {
        pki = DemoPki.createInMemory(URI.create("http://pki.signdesk.test"), Clock.systemUTC());
        EmbeddedTimestampAuthority tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(),
                pki.tsa().chain(),
                "1.3.6.1.4.1.55555.1.1",
                Duration.ofSeconds(1),
                Clock.systemUTC());
        signer = PadesDocumentSigner.builder()
                .timestamper(tsa)
                .trustAnchors(List.of(pki.rootCa()))
                .localResponder(pki.publicUrl().toString(), (path, body) -> {
                    PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
                    return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
                })
                .build();
    }

    /** {@code pdf} signed invisibly at {@code level} by {@code id}. */
    byte[] sign(byte[] pdf, SignatureLevel level, Identity id) {
        return signer.sign(
                PdfInput.of(pdf),
                new SigningKey(id.name(), id.privateKey(), null, id.chain()),
                SignOptions.invisible(level));
    }

    /** {@code pdf} signed invisibly at {@code level} by the demo resident. */
    byte[] sign(byte[] pdf, SignatureLevel level) {
        return sign(pdf, level, pki.residentRsa());
    }
}
