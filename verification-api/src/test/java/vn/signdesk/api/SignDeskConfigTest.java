package vn.signdesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignDeskConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("signdesk.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void fromEnvironment_nothingSet_isTheDefaults() {
        SignDeskConfig c = SignDeskConfig.fromEnvironment(Map.of());

        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(c.mode()).isEqualTo(SignDeskConfig.Mode.DEMO);
        assertThat(c.publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(c.logFormat()).isEqualTo(SignDeskConfig.LogFormat.TEXT);
        assertThat(c.tls().enabled()).isFalse();
        assertThat(c.store()).isEqualTo(SignDeskConfig.StoreLocation.embedded());
    }

    @Test
    void fromEnvironment_storeUrlAndPasswordFile_nameThePostgresDatabase() throws IOException {
        Path password = Files.writeString(dir.resolve("store-password"), "s3cret-value\n");
        Path file = yaml("store:\n  url: postgresql://signdesk@db.example:5433/signdesk\n");

        SignDeskConfig c = SignDeskConfig.fromEnvironment(
                env("SIGNDESK_CONFIG", file.toString(), "SIGNDESK_STORE_PASSWORD_FILE", password.toString()));

        assertThat(c.store().postgresUrlOrNull())
                .isEqualTo(URI.create("postgresql://signdesk@db.example:5433/signdesk"));
        assertThat(c.store().passwordFileOrNull()).isEqualTo(password);
        assertThat(c.toString()).doesNotContain("s3cret-value");
    }

    @Test
    void fromEnvironment_storeLease_fromTheFileOrTheEnvironment_withinItsRange() throws IOException {
        assertThat(SignDeskConfig.fromEnvironment(Map.of()).store().lease()).hasSeconds(30);
        Path file = yaml("store:\n  leaseSeconds: 12\n");
        assertThat(SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString()))
                        .store()
                        .lease())
                .hasSeconds(12);
        assertThat(SignDeskConfig.fromEnvironment(
                                env("SIGNDESK_CONFIG", file.toString(), "SIGNDESK_STORE_LEASE_SECONDS", "45"))
                        .store()
                        .lease())
                .hasSeconds(45);
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_STORE_LEASE_SECONDS", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store.leaseSeconds (SIGNDESK_STORE_LEASE_SECONDS)");
    }

    @Test
    void fromEnvironment_storeUrlWithAPassword_isRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(
                        env("SIGNDESK_STORE_URL", "postgresql://signdesk:s3cret-value@db.example/signdesk")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store.url (SIGNDESK_STORE_URL)")
                .hasMessageContaining("store.passwordFile")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void fromEnvironment_storeUrlOfAnotherForm_isRefusedNamingTheForm() {
        for (String bad : new String[] {
            "jdbc:postgresql://db/signdesk",
            "postgresql://db.example/signdesk",
            "postgresql://signdesk@db.example/",
            "postgresql://signdesk@db.example/signdesk?ssl=true",
            "mysql://signdesk@db.example/signdesk"
        }) {
            assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_STORE_URL", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("store.url (SIGNDESK_STORE_URL): '" + bad + "'")
                    .hasMessageContaining("postgresql://USER@HOST:PORT/DB");
        }
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env(
                        "SIGNDESK_STORE_PASSWORD_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("store.passwordFile (SIGNDESK_STORE_PASSWORD_FILE)")
                .hasMessageContaining("is not a file");
    }

    @Test
    void fromEnvironment_fileThenEnvironment_environmentWinsKeyByKey() throws IOException {
        Path file = yaml(
                """
                http:
                  port: 9000
                dataDir: %s
                mode: demo
                logging:
                  format: json
                """
                        .formatted(dir.resolve("from-file")));

        SignDeskConfig c =
                SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString(), "SIGNDESK_HTTP_PORT", "9100"));

        assertThat(c.httpPort()).as("environment over file").isEqualTo(9100);
        assertThat(c.dataDir()).as("file over default").isEqualTo(dir.resolve("from-file"));
        assertThat(c.logFormat()).isEqualTo(SignDeskConfig.LogFormat.JSON);
        assertThat(c.publicUrl()).as("default follows the port").isEqualTo(URI.create("http://localhost:9100"));
    }

    @Test
    void fromEnvironment_badPortInEnvironment_namesKeyAndVariable() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_HTTP_PORT", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("http.port (SIGNDESK_HTTP_PORT): 'abc' is not a port number (0-65535)");
    }

    @Test
    void fromEnvironment_badValuesInFile_namesEveryKeyAndTheFile() throws IOException {
        Path file = yaml("http: {port: 70000}\nmode: staging\nlogging: {format: xml}\n");

        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.port (SIGNDESK_HTTP_PORT) in " + file + ": '70000' is not a port number")
                .hasMessageContaining("mode (SIGNDESK_MODE) in " + file + ": 'staging' is none of demo, production")
                .hasMessageContaining(
                        "logging.format (SIGNDESK_LOG_FORMAT) in " + file + ": 'xml' is none of text, json");
    }

    @Test
    void fromEnvironment_unknownKeyInFile_isAnErrorNamingIt() throws IOException {
        Path file = yaml("http:\n  prot: 8080\ndatadir: /tmp\n");

        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'http.prot' in " + file)
                .hasMessageContaining("unknown setting 'datadir' in " + file)
                .hasMessageContaining("known here: audit.timestampInterval");
    }

    @Test
    void fromEnvironment_missingFile_namesTheVariable() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(
                        env("SIGNDESK_CONFIG", dir.resolve("nope.yaml").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SIGNDESK_CONFIG: cannot read");
    }

    @Test
    void fromEnvironment_notYaml_isAnErrorWithoutTheFileContent() throws IOException {
        Path file = yaml("tls:\n  keyStorePassword: s3cret-value\n  port: [unclosed\n");

        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void fromEnvironment_tlsWithKeyStore_isReadAndItsPasswordRedacted() throws IOException {
        Path store = Files.write(dir.resolve("server.p12"), new byte[] {1});
        Path ca = Files.write(dir.resolve("clients.pem"), new byte[] {1});
        Path roles = Files.write(dir.resolve("clients.json"), new byte[] {1});
        Path file = yaml(
                """
                tls:
                  enabled: true
                  port: 0
                  keyStore: %s
                  keyStorePassword: s3cret-value
                  clientCaFile: %s
                  clientCredentials: %s
                """
                        .formatted(store, ca, roles));
        java.nio.file.Files.setPosixFilePermissions(
                file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        SignDeskConfig c = SignDeskConfig.fromEnvironment(env("SIGNDESK_CONFIG", file.toString()));

        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.tls().port()).isZero();
        assertThat(c.tls().keyStoreOrNull()).isEqualTo(store);
        assertThat(c.tls().keyStorePasswordOrNull()).isEqualTo("s3cret-value");
        assertThat(c.tls().clientCredentialsOrNull()).isEqualTo(roles);
        assertThat(c.toString()).doesNotContain("s3cret-value").contains("keyStorePassword=***");
    }

    @Test
    void fromEnvironment_tlsEnabledWithoutServerKey_namesTheKeys() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_TLS_ENABLED", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.keyStore (SIGNDESK_TLS_KEY_STORE)")
                .hasMessageContaining("tls.certFile and tls.keyFile");
    }

    @Test
    void fromEnvironment_tlsFileMissing_namesKeyAndVariable() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env(
                        "SIGNDESK_TLS_ENABLED",
                        "true",
                        "SIGNDESK_TLS_CERT_FILE",
                        dir.resolve("none.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "tls.certFile (SIGNDESK_TLS_CERT_FILE): '" + dir.resolve("none.pem") + "' is not a file");
    }

    @Test
    void fromEnvironment_tlsEnabledNotABoolean_namesKey() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(env("SIGNDESK_TLS_ENABLED", "yes please")))
                .hasMessageContaining("tls.enabled (SIGNDESK_TLS_ENABLED): 'yes please' is neither true nor false");
    }
}
