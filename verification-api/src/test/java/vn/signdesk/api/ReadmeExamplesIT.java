package vn.signdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.http.ServiceJar;

/**
 * Runs the README's "In five lines" example exactly as written, through the {@code ./signdesk}
 * launcher and the built jar, so the README cannot drift from what the command line does.
 */
class ReadmeExamplesIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void fiveLines_runAsWritten_andSignaturesAreValid() throws Exception {
        List<String> lines = exampleBlock(Files.readString(REPO.resolve("README.md")), "## In five lines");
        assertThat(lines).hasSize(5);
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(work.resolve("in.pdf").toFile());
        }

        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (String line : lines) {
            script.append(line.replace("./signdesk", REPO.resolve("signdesk").toString()))
                    .append('\n');
        }
        Process p = new ProcessBuilder("bash", "-c", script.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.replace(" ", ""))
                .contains("\"verdict\":\"TOTAL_PASSED\"")
                .contains("PAdES-BASELINE-LTA");
        for (String file : List.of("sealed.pdf", "by-resident.pdf", "archived.pdf", "data/pki/root-ca.pem")) {
            assertThat(work.resolve(file)).isNotEmptyFile();
        }
        // and an independent verifier agrees, as the README says
        Process pdfsig = new ProcessBuilder("pdfsig", "sealed.pdf")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String report = new String(pdfsig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pdfsig.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(report).contains("Signature is Valid.");
    }

    @Test
    void curlLines_againstServeOfTheBuiltJar_runAsWritten() throws Exception {
        List<String> lines = exampleBlock(Files.readString(REPO.resolve("README.md")), "The same over HTTP");
        assertThat(lines).hasSize(5);
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(work.resolve("in.pdf").toFile());
        }
        int port = ServiceJar.freePort();
        ProcessBuilder serve = new ProcessBuilder(
                        "java",
                        "-jar",
                        REPO.resolve("verification-api/target/signdesk.jar").toString(),
                        "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("serve.log").toFile());
        serve.environment().put("SIGNDESK_HTTP_PORT", Integer.toString(port));
        serve.environment().put("SIGNDESK_DATA_DIR", work.resolve("data").toString());
        Process server = serve.start();
        try {
            ServiceJar.awaitReady(ServiceJar.httpClient(), port, server, work.resolve("serve.log"));
            // what ./run.sh shows a person: the web page's address and where its sign-in keys are
            assertThat(Files.readString(work.resolve("serve.log")))
                    .contains("web page: http://127.0.0.1:" + port + "/ (sign in with an API key from "
                            + work.resolve("data").toAbsolutePath().resolve("demo-credentials.json") + ")");
            StringBuilder script = new StringBuilder("set -euo pipefail\n");
            for (String line : lines) {
                script.append(line.replace("localhost:8080", "127.0.0.1:" + port))
                        .append('\n');
            }
            script.append("pdfsig sealed.pdf\n");
            Process p = new ProcessBuilder("bash", "-c", script.toString())
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("Verification: OK").contains("Signature is Valid.");
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS))
                    .as("serve stops on SIGTERM")
                    .isTrue();
        }
    }

    /** The lines of the first ```sh block after {@code heading}. */
    @Test
    void productionSection_runsAsWritten_signsWithTheTokenAndChecksTheConfiguration() throws Exception {
        List<String> lines = exampleBlock(Files.readString(REPO.resolve("README.md")), "## Running in production");
        assertThat(lines).hasSize(8);
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(work.resolve("in.pdf").toFile());
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder script = new StringBuilder("set -euo pipefail\nexport SIGNDESK_HTTP_PORT=" + port + "\n");
        for (String line : lines) {
            script.append(line.replace("./signdesk", REPO.resolve("signdesk").toString())
                            .replace("examples/production/", REPO.resolve("examples/production") + "/")
                            .replace("localhost:8080", "localhost:" + port))
                    .append('\n');
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("SIGNDESK_CONFIG");
        pb.environment().remove("SOFTHSM2_CONF");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("configuration OK: production mode, 2 signing profiles, 1 timestamp authorities")
                .contains("Signature is Valid.")
                .containsPattern("(?m)^sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$");
        assertThat(work.resolve("sealed.pdf")).isNotEmptyFile();
    }

    @Test
    void settingsTable_isTheOneTheDeclarationsGive() throws Exception {
        assertThat(Files.readString(REPO.resolve("README.md")))
                .contains(vn.signdesk.api.config.SettingsDoc.markdown().strip());
    }

    static List<String> exampleBlock(String readme, String heading) {
        String rest = readme.substring(readme.indexOf(heading));
        rest = rest.substring(rest.indexOf("```sh\n") + "```sh\n".length());
        rest = rest.substring(0, rest.indexOf("```"));
        List<String> lines = new ArrayList<>();
        for (String line : rest.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
