package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.LocalPostgres;

/**
 * Three nodes of the built service on one PostgreSQL behind nginx ({@link LocalCluster}), under a
 * mixed load through nginx (signing, verification, OCR jobs, batches) during which one node is
 * killed with SIGKILL while it runs a job. Afterwards: every job answered 202 is done, those the
 * killed node held completed by the others once their leases expired ({@link LocalCluster#LEASE}),
 * each job completed once (one "done" line in all the
 * nodes' logs), every 2xx answer has exactly one audit record and the chain verifies, the other
 * nodes answered ready every second throughout, failures happened only around the kill, and the
 * killed node, started again, is ready and runs jobs.
 */
class ClusterIT {

    private static final int NODES = 3;
    private static final int CLIENTS = 4;
    private static final Duration LOAD = Duration.ofSeconds(36);
    private static final Duration KILL_AFTER = Duration.ofSeconds(12);
    /** The longest wait, after {@link #KILL_AFTER}, for the victim to be running a job, so that one is cut off. */
    private static final Duration AWAIT_RUNNING_JOB = Duration.ofSeconds(20);
    /** The load goes on at least this long after the kill. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);
    /** Requests cut off by the kill fail at once; those routed to the dead node before nginx rests it, soon after. */
    private static final Duration FAILURE_WINDOW = Duration.ofSeconds(6);

    private static final Duration JOBS_DONE_WITHIN = Duration.ofSeconds(100);
    private static final List<String> JVM = List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    private final HttpClient http = ServiceJar.httpClient();

    /** One answer (status 0: none, the connection failed). */
    private record Answer(String what, int status, String requestIdOrNull, long atNanos, String bodyOrNull) {}

    /** A job answered 202: its status route. */
    private record Job(String kind, String statusPath) {}

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mixedLoad_oneNodeKilled_jobsDoneOnceAuditedOnceChainIntactOthersReadyKilledNodeRejoins() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LocalPostgres.shared(), dir, NODES, JVM)) {
            LocalCluster.Node victim = cluster.nodes().get(1);
            List<LocalCluster.Node> survivors =
                    List.of(cluster.nodes().get(0), cluster.nodes().get(2));
            assertThat(victim.process().info().command().orElse(""))
                    .as("SIGKILL goes to the JVM itself")
                    .endsWith("java");

            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> notReady = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
            watch.scheduleAtFixedRate(() -> checkReady(survivors, notReady), 0, 1, TimeUnit.SECONDS);
            List<String> orphans = new ArrayList<>();
            long victimPid = victim.process().pid();
            long killedAt;
            try {
                killedAt = loadWithKill(cluster, victim, answers, jobs, orphans);
                assertThat(orphans)
                        .as("jobs the victim was running when killed")
                        .isNotEmpty();

                cluster.restart(victim);
                Map<String, String> states = awaitJobs(cluster, jobs, answers);
                assertThat(states)
                        .as("every accepted job")
                        .allSatisfy((path, state) -> assertThat(state).as(path).isEqualTo("done"));
                assertThat(holders(cluster, orphans))
                        .as("the jobs cut off by the kill were completed by other nodes")
                        .allMatch(h -> h.startsWith("DONE ") && !h.contains("/" + victimPid + "/"));
                rejoinsAndTakesWork(cluster, victim, answers);
            } finally {
                watch.shutdownNow();
                watch.awaitTermination(10, TimeUnit.SECONDS);
            }
            assertThat(notReady)
                    .as("the other nodes answered ready every second")
                    .isEmpty();

            List<Answer> failed =
                    answers.stream().filter(a -> a.status() / 100 != 2).toList();
            List<Answer> ok =
                    answers.stream().filter(a -> a.status() / 100 == 2).toList();
            System.out.printf(
                    "cluster test: %d answers, %d 2xx, %d failed (%s), %d jobs accepted, %d cut off by the kill%n",
                    answers.size(), ok.size(), failed.size(), summary(failed, killedAt), jobs.size(), orphans.size());
            assertThat(failed).as("failures only around the kill").allSatisfy(a -> assertThat(a.atNanos() - killedAt)
                    .as(a.what() + " " + a.status() + " " + a.bodyOrNull())
                    .isBetween(-TimeUnit.SECONDS.toNanos(1), FAILURE_WINDOW.toNanos()));
            assertThat(jobs.stream().filter(j -> j.kind().equals("ocr"))).isNotEmpty();
            assertThat(jobs.stream().filter(j -> j.kind().equals("batch"))).isNotEmpty();

            completedOnce(cluster, jobs);
            auditedOnceInAnIntactChain(cluster, ok);
        }
    }

    /** Runs the clients through nginx for {@link #LOAD}, killing the victim after {@link #KILL_AFTER}. */
    private long loadWithKill(
            LocalCluster cluster,
            LocalCluster.Node victim,
            ConcurrentLinkedQueue<Answer> answers,
            ConcurrentLinkedQueue<Job> jobs,
            List<String> orphans)
            throws Exception {
        URI base = cluster.url();
        String department = cluster.key("department");
        String branch = cluster.key("branch");
        byte[] pdf = TestPdfs.aPdf().build();
        HttpResponse<byte[]> first = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/sign?profile=department-seal"))
                        .header("Authorization", "Bearer " + department)
                        .header("Content-Type", "application/pdf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(first.statusCode()).isEqualTo(200);
        answers.add(new Answer(
                "set-up signature",
                200,
                first.headers().firstValue("X-Request-Id").orElse(null),
                System.nanoTime(),
                null));
        byte[] signed = first.body();
        byte[] scan = scan();
        byte[] batch = BatchSigningIT.form(Map.of("a.pdf", pdf, "b.pdf", pdf, "c.pdf", pdf));

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        long killedAt;
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        Answer a =
                                switch (client) {
                                    case 0 ->
                                        send(
                                                base,
                                                "POST",
                                                "/v1/sign?profile=department-seal",
                                                "application/pdf",
                                                department,
                                                pdf);
                                    case 1 -> send(base, "POST", "/v1/verify", "application/pdf", branch, signed);
                                    case 2 ->
                                        i % 2 == 0
                                                ? send(
                                                        base,
                                                        "POST",
                                                        "/v1/sign?profile=department-seal&level=B-T",
                                                        "application/pdf",
                                                        department,
                                                        pdf)
                                                : send(base, "POST", "/v1/verify", "application/pdf", branch, signed);
                                    default ->
                                        i % 2 == 0
                                                ? send(base, "POST", "/v1/ocr?lang=eng", "image/png", branch, scan)
                                                : send(
                                                        base,
                                                        "POST",
                                                        "/v1/sign/batch?profile=department-seal",
                                                        "multipart/form-data; boundary=signdesk-test-boundary",
                                                        department,
                                                        batch);
                                };
                        answers.add(a);
                        if (a.status() == 202) {
                            String id = new JsonObject(a.bodyOrNull()).getString("id");
                            jobs.add(
                                    a.what().contains("/v1/ocr")
                                            ? new Job("ocr", "/v1/ocr/" + id)
                                            : new Job("batch", "/v1/sign/batch/" + id));
                            Thread.sleep(1500);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(KILL_AFTER.toMillis());
            long pid = victim.process().pid();
            awaitRunningJob(cluster, pid);
            killedAt = System.nanoTime();
            cluster.kill(victim);
            // what the dead node held at its death: no one else may take it before its lease expires
            orphans.addAll(runningJobsOf(cluster, pid));
            long end = Math.max(start + LOAD.toNanos(), killedAt + AFTER_KILL.toNanos());
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(2, TimeUnit.MINUTES))
                    .as("clients stop")
                    .isTrue();
        }
        return killedAt;
    }

    private Answer send(URI base, String method, String path, String contentType, String key, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + key);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        String what = method + " " + path;
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean text = r.headers()
                    .firstValue("Content-Type")
                    .map(t -> t.contains("json"))
                    .orElse(false);
            return new Answer(
                    what,
                    r.statusCode(),
                    r.headers().firstValue("X-Request-Id").orElse(null),
                    System.nanoTime(),
                    text || r.statusCode() / 100 != 2 ? new String(r.body(), StandardCharsets.UTF_8) : null);
        } catch (IOException e) {
            return new Answer(what, 0, null, System.nanoTime(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(what, 0, null, System.nanoTime(), "interrupted");
        }
    }

    private void checkReady(List<LocalCluster.Node> nodes, ConcurrentLinkedQueue<String> notReady) {
        for (LocalCluster.Node n : nodes) {
            try {
                int status = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + "/health/ready"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status != 200) {
                    notReady.add(n.port() + ": " + status);
                }
            } catch (IOException e) {
                notReady.add(n.port() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Polls every job through nginx until it is finished or {@link #JOBS_DONE_WITHIN} has passed; the states. */
    private Map<String, String> awaitJobs(
            LocalCluster cluster, Iterable<Job> jobs, ConcurrentLinkedQueue<Answer> answers)
            throws InterruptedException {
        String department = cluster.key("department");
        String branch = cluster.key("branch");
        Map<String, String> states = new LinkedHashMap<>();
        long deadline = System.nanoTime() + JOBS_DONE_WITHIN.toNanos();
        for (Job job : jobs) {
            String key = job.kind().equals("ocr") ? branch : department;
            String state = "unknown";
            while (System.nanoTime() < deadline) {
                Answer a = send(cluster.url(), "GET", job.statusPath(), null, key, null);
                answers.add(a);
                if (a.status() == 200) {
                    state = new JsonObject(a.bodyOrNull()).getString("state");
                    if (state.equals("done") || state.equals("failed")) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
            states.put(job.statusPath(), state);
        }
        return states;
    }

    /** The restarted node answers directly and runs OCR jobs it accepts (its node id holds the job). */
    private void rejoinsAndTakesWork(
            LocalCluster cluster, LocalCluster.Node node, ConcurrentLinkedQueue<Answer> answers) throws Exception {
        URI direct = URI.create("http://127.0.0.1:" + node.port());
        byte[] scan = scan();
        List<Job> own = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Answer a = send(direct, "POST", "/v1/ocr?lang=eng", "image/png", cluster.key("branch"), scan);
            assertThat(a.status()).as(a.bodyOrNull()).isEqualTo(202);
            answers.add(a);
            own.add(new Job("ocr", "/v1/ocr/" + new JsonObject(a.bodyOrNull()).getString("id")));
        }
        assertThat(awaitJobs(cluster, own, answers))
                .allSatisfy((path, state) -> assertThat(state).isEqualTo("done"));
        String nodeId = "/" + node.process().pid() + "/";
        List<String> holders = holders(cluster, own.stream().map(ClusterIT::id).toList());
        assertThat(holders)
                .as("the restarted node (pid %d) ran a job", node.process().pid())
                .anyMatch(h -> h.contains(nodeId));
    }

    /** Each job's state and the node that holds or last held it, {@code "STATE NODE"}. */
    private static List<String> holders(LocalCluster cluster, List<String> ids) throws Exception {
        List<String> holders = new ArrayList<>();
        try (Connection c = LocalPostgres.shared().connect(cluster.database());
                PreparedStatement s = c.prepareStatement("SELECT state, lease_node FROM jobs WHERE id = ?")) {
            for (String id : ids) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as(id).isTrue();
                    holders.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return holders;
    }

    /** Waits up to {@link #AWAIT_RUNNING_JOB} until the node is running a job. */
    private static void awaitRunningJob(LocalCluster cluster, long pid) throws Exception {
        long deadline = System.nanoTime() + AWAIT_RUNNING_JOB.toNanos();
        while (runningJobsOf(cluster, pid).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The jobs running under the lease of the node with this process id. */
    private static List<String> runningJobsOf(LocalCluster cluster, long pid) throws Exception {
        List<String> running = new ArrayList<>();
        try (Connection c = LocalPostgres.shared().connect(cluster.database());
                PreparedStatement s =
                        c.prepareStatement("SELECT id FROM jobs WHERE state = 'RUNNING' AND lease_node LIKE ?")) {
            s.setString(1, "%/" + pid + "/%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    running.add(rs.getString(1));
                }
            }
        }
        return running;
    }

    private static String id(Job job) {
        return job.statusPath().substring(job.statusPath().lastIndexOf('/') + 1);
    }

    /** Each job's "done" line appears once in all the logs of all the nodes' runs. */
    private static void completedOnce(LocalCluster cluster, Iterable<Job> jobs) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path log : cluster.logs()) {
            all.append(Files.readString(log)).append('\n');
        }
        String logs = all.toString();
        for (Job job : jobs) {
            String done = " job " + id(job) + " done:";
            int count = logs.split(java.util.regex.Pattern.quote(done), -1).length - 1;
            assertThat(count).as("completions of %s", job.statusPath()).isEqualTo(1);
        }
    }

    /** Every 2xx answer's request id is in the trail exactly once, and the admin route finds the chain intact. */
    private void auditedOnceInAnIntactChain(LocalCluster cluster, List<Answer> ok) throws Exception {
        Map<String, Integer> recorded = new HashMap<>();
        try (Connection c = LocalPostgres.shared().connect(cluster.database());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT request_id, COUNT(*) FROM audit_records GROUP BY request_id")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertThat(ok).allSatisfy(a -> assertThat(recorded.get(a.requestIdOrNull()))
                .as("audit records of %s (%s)", a.requestIdOrNull(), a.what())
                .isEqualTo(1));
        Answer check = send(cluster.url(), "GET", "/v1/admin/audit/verify", null, cluster.key("admin"), null);
        assertThat(check.status()).as(check.bodyOrNull()).isEqualTo(200);
        JsonObject report = new JsonObject(check.bodyOrNull());
        assertThat(report.getBoolean("intact")).as(check.bodyOrNull()).isTrue();
        assertThat(report.getLong("records")).isGreaterThanOrEqualTo(ok.size());
    }

    /** Failed answers by status and second after the kill, for the test's output. */
    private static String summary(List<Answer> failed, long killedAt) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Answer a : failed) {
            counts.merge(
                    a.status() + " at +" + TimeUnit.NANOSECONDS.toMillis(a.atNanos() - killedAt) / 1000 + " s",
                    1,
                    Integer::sum);
        }
        return counts.toString();
    }

    /** A small scan: a few lines of text rendered into a PNG. */
    private static byte[] scan() throws IOException {
        BufferedImage image = new BufferedImage(1200, 360, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, 44));
            g.drawString("Decision 42 of the service center", 60, 110);
            g.drawString("signed and sealed by the department", 60, 200);
            g.drawString("Hanoi, 6 December 2026", 60, 290);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
