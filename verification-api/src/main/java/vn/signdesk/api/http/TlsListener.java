package vn.signdesk.api.http;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import vn.signdesk.api.SignDeskConfig;

/**
 * The options of the optional HTTPS listener ({@code tls.*}): the server key from a PKCS#12 key store
 * or PEM files, and, when {@code tls.clientCaFile} is set, a request for a client certificate issued
 * by one of its CAs.
 *
 * <p>Implementation notes. Client authentication is {@link ClientAuth#REQUEST}, not REQUIRED: a
 * channel may still authenticate with a bearer key over HTTPS, and {@link AuthenticateHandler}
 * refuses a request that has neither. A certificate not issued by the configured CAs fails the
 * handshake. The listener serves the same router as the plain one.
 */
final class TlsListener {

    private TlsListener() {}

    static HttpServerOptions options(SignDeskConfig.Tls tls, String host) {
        HttpServerOptions options =
                new HttpServerOptions().setHost(host).setPort(tls.port()).setSsl(true);
        if (tls.keyStoreOrNull() != null) {
            options.setKeyCertOptions(new KeyStoreOptions()
                    .setType("PKCS12")
                    .setPath(tls.keyStoreOrNull().toString())
                    .setPassword(tls.keyStorePasswordOrNull()));
        } else {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.certFileOrNull().toString())
                    .setKeyPath(tls.keyFileOrNull().toString()));
        }
        if (tls.clientCaFileOrNull() != null) {
            options.setTrustOptions(new PemTrustOptions()
                            .addCertPath(tls.clientCaFileOrNull().toString()))
                    .setClientAuth(ClientAuth.REQUEST);
        }
        return options;
    }

    /** The client certificates of the configuration, or none. */
    static ClientCertificates clientCertificates(SignDeskConfig.Tls tls) {
        return tls.enabled() && tls.clientCredentialsOrNull() != null
                ? ClientCertificates.load(tls.clientCredentialsOrNull())
                : ClientCertificates.none();
    }
}
