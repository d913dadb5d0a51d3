package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.DirectorySecrets;
import vn.signdesk.pki.DemoPki;

/**
 * Demo nodes started at the same moment on one data directory, as separate processes: the first to
 * get there creates the demo PKI, the demo credentials and the two-step token key, the others read
 * them, so they all use the same ones and the credentials each node holds are those in the file.
 */
class DemoNodesStartIT {

    private static final int NODES = 4;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void start_nodesAtOnceOnOneDataDirectory_allUseTheSamePkiCredentialsAndTokenKey() throws Exception {
        Path go = dataDir.resolve("go");
        Path check = dataDir.resolve("check");
        List<Process> nodes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                Process p = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-cp",
                                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                                StartingNodeMain.class.getName(),
                                dataDir.toString())
                        .redirectErrorStream(true)
                        .start();
                nodes.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            // every node waits at the start line, then all go at once
            for (BufferedReader out : outputs) {
                await(out, "waiting");
            }
            Files.createFile(go);
            Map<String, String> roots = new ConcurrentHashMap<>();
            Map<String, String> tokens = new ConcurrentHashMap<>();
            for (int i = 0; i < NODES; i++) {
                roots.put("node-" + i, await(outputs.get(i), "root "));
                tokens.put("node-" + i, await(outputs.get(i), "token "));
            }
            // only now, with every node done creating, is the file final
            Files.createFile(check);
            List<String> verdicts = new ArrayList<>();
            for (BufferedReader out : outputs) {
                verdicts.add(await(out, "credentials "));
            }

            assertThat(roots.values()).as("one demo PKI").containsOnly(roots.get("node-0"));
            assertThat(tokens.values()).as("one two-step token key").containsOnly(tokens.get("node-0"));
            assertThat(verdicts).as("each node's credentials are the file's").containsOnly("agree");
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The rest of the first line of the node's output that starts with {@code prefix}. */
    private static String await(BufferedReader out, String prefix) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the node ended without printing '" + prefix + "':\n" + seen);
    }

    /**
     * The main of one node process: waits for {@code DIR/go}, then creates or reads what a demo node
     * does at its start, prints fingerprints of the PKI and token key, waits for {@code DIR/check}
     * and says whether the credentials it holds are those the file holds now.
     */
    public static final class StartingNodeMain {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            System.out.println("waiting");
            System.out.flush();
            waitFor(dir.resolve("go"));
            // the quick ones first: behind the PKI's lock the nodes would come out one by one
            ApiKeys keys = ApiKeys.loadOrCreateDemo(dir);
            byte[] token = new DirectorySecrets(dir).getOrCreate("two-step-token.key", () -> {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                return fresh;
            });
            DemoPki pki =
                    DemoPki.loadOrCreate(dir.resolve("pki"), URI.create("http://localhost:8080"), Clock.systemUTC());
            System.out.println("root " + sha256(pki.rootCa().getEncoded()));
            System.out.println("token " + sha256(token));
            System.out.flush();
            waitFor(dir.resolve("check"));
            JsonObject file = new JsonObject(Files.readString(dir.resolve(ApiKeys.DEMO_FILE)));
            boolean agree = ApiKeys.DEMO_ROLES.stream()
                    .allMatch(role -> keys.roleOf(file.getString(role)).equals(java.util.Optional.of(role)));
            System.out.println("credentials " + (agree ? "agree" : "disagree"));
            System.out.flush();
        }

        private static void waitFor(Path file) throws InterruptedException {
            while (!Files.exists(file)) {
                Thread.sleep(5);
            }
        }

        private static String sha256(byte[] bytes) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }
}
