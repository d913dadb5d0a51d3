package vn.signdesk.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication against the API key file, and its re-reading while requests are authenticated:
 * keys added, revoked, expired, tampered with, and files that must be refused.
 */
class HashedApiKeysIT {

    /** 2026-05-01 10:00 in Vietnam. */
    private static final Instant NOW = Instant.parse("2026-05-01T03:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private HashedApiKeys keys;

    @AfterEach
    void close() {
        if (keys != null) {
            keys.close();
            keys = null;
        }
    }

    private Path path() {
        return dir.resolve("api-keys.json");
    }

    private String add(String name, String... roles) {
        return ApiKeyFile.at(path()).add(name, List.of(roles), null, clock);
    }

    /** Opened with a watcher that never runs on its own: the tests reload by hand. */
    private HashedApiKeys open() {
        return openAt(NOW);
    }

    /** Opened as {@link #open}, with the time standing at {@code now}. */
    private HashedApiKeys openAt(Instant now) {
        close();
        keys = HashedApiKeys.open(path(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(1));
        return keys;
    }

    @Test
    void authenticate_addedKey_isItsPrincipalWithRolesAndPublicIdAsKeyId() {
        String key = add("desk-7", "branch", "department");

        Authentication a = open().authenticate(key);

        assertThat(a).isInstanceOf(Authentication.Authenticated.class);
        Principal p = ((Authentication.Authenticated) a).principal();
        assertThat(p.name()).isEqualTo("desk-7");
        assertThat(p.roles()).containsExactly("branch", "department");
        assertThat(p.keyId()).isEqualTo(key.substring(4, 16)).doesNotContain(key.substring(17));
    }

    @Test
    void authenticate_tamperedKeys_areUnknown() {
        String key = add("desk-7", "branch");
        String other = add("portal", "resident");
        open();
        char last = key.charAt(key.length() - 1);

        assertThat(keys.authenticate(key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A')))
                .as("one character of the secret changed")
                .isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.authenticate(key.substring(0, 17) + other.substring(17)))
                .as("an id with another key's secret")
                .isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.authenticate("sdk_ffffffffffff_" + key.substring(17)))
                .as("an unknown id")
                .isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.authenticate(key + "x")).isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.authenticate("")).isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.authenticate(null)).isInstanceOf(Authentication.Unknown.class);
    }

    @Test
    void authenticate_afterTheLastDay_isExpiredWithItsNameAndDay() {
        String key = ApiKeyFile.at(path()).add("temp", List.of("branch"), LocalDate.parse("2026-05-02"), clock);
        assertThat(open().authenticate(key)).isInstanceOf(Authentication.Authenticated.class);

        // 2026-05-02 23:59 in Vietnam: still the last day
        Instant lastMinute = Instant.parse("2026-05-02T16:59:00Z");
        assertThat(openAt(lastMinute).authenticate(key)).isInstanceOf(Authentication.Authenticated.class);

        assertThat(openAt(lastMinute.plusSeconds(60)).authenticate(key))
                .isEqualTo(new Authentication.Expired("temp", LocalDate.parse("2026-05-02")));
    }

    @Test
    void authenticate_expiredKeyWithAWrongSecret_isUnknownNotExpired() {
        String key = ApiKeyFile.at(path()).add("temp", List.of("branch"), LocalDate.parse("2026-05-01"), clock);
        openAt(NOW.plus(Duration.ofDays(2)));

        assertThat(keys.authenticate(key)).isInstanceOf(Authentication.Expired.class);
        assertThat(keys.authenticate(key.substring(0, 17) + "A".repeat(43)))
                .as("only the key's holder learns that it expired")
                .isInstanceOf(Authentication.Unknown.class);
    }

    @Test
    void reloadIfChanged_keyAddedAndRevoked_takesEffect() {
        add("first", "admin");
        open();
        String second = add("second", "branch");
        assertThat(keys.authenticate(second)).isInstanceOf(Authentication.Unknown.class);

        keys.reloadIfChanged();
        assertThat(keys.authenticate(second)).isInstanceOf(Authentication.Authenticated.class);

        ApiKeyFile.at(path()).revoke("second");
        keys.reloadIfChanged();
        assertThat(keys.authenticate(second)).isInstanceOf(Authentication.Unknown.class);
        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void watcher_keyAdded_isKnownWithinTheInterval() throws Exception {
        add("first", "admin");
        keys = HashedApiKeys.open(path(), clock, Duration.ofMillis(50));
        String second = add("second", "branch");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(keys.authenticate(second) instanceof Authentication.Authenticated) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(keys.authenticate(second)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void reloadIfChanged_brokenFile_keepsTheKeysInForceUntilFixed() throws Exception {
        String first = add("first", "branch");
        open();
        String valid = Files.readString(path());
        Files.writeString(path(), "{ not json");

        keys.reloadIfChanged();
        assertThat(keys.authenticate(first)).isInstanceOf(Authentication.Authenticated.class);

        Files.writeString(path(), valid);
        String second = add("second", "branch");
        keys.reloadIfChanged();
        assertThat(keys.authenticate(second)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void reloadIfChanged_fileMadeReadableByOthers_keepsTheKeysInForce() throws Exception {
        String first = add("first", "branch");
        open();
        add("second", "branch");
        Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-r--r--"));

        keys.reloadIfChanged();

        assertThat(keys.size()).as("the new file is not taken").isEqualTo(1);
        assertThat(keys.authenticate(first)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void open_fileReadableByOthers_isRefusedNamingTheFile() throws Exception {
        add("first", "branch");
        Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-rw-r--"));

        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE): " + path()
                        + " can be read or changed by other users (mode rw-rw-r--)");
    }

    @Test
    void open_missingFile_isRefusedSayingHowToCreateIt() {
        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE): " + path()
                        + " does not exist; create it with './signdesk keys add --name NAME --role ROLE'");
    }

    @Test
    void open_roleChangedInTheFile_takesTheFileAsTheAuthority() throws Exception {
        String key = add("portal", "resident");
        JsonObject json = new JsonObject(Files.readString(path()));
        json.getJsonArray("keys").getJsonObject(0).put("roles", List.of("admin"));
        Files.writeString(path(), json.encode());

        // the file is the list of who may do what; its owner may edit it, others may not read it
        Principal p = ((Authentication.Authenticated) open().authenticate(key)).principal();
        assertThat(p.roles()).containsExactly("admin");
    }

    @Test
    void reload_whileAuthenticating_neverRefusesAKeptKey() throws Exception {
        String kept = add("kept", "branch");
        open();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> refusals = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                refusals.add(threads.submit(() -> {
                    long refused = 0;
                    while (!stop.get()) {
                        if (!(keys.authenticate(kept) instanceof Authentication.Authenticated)) {
                            refused++;
                        }
                        checks.incrementAndGet();
                    }
                    return refused;
                }));
            }
            for (int i = 0; i < 40; i++) {
                String added = add("other-" + i, "resident");
                keys.reloadIfChanged();
                assertThat(keys.authenticate(added)).isInstanceOf(Authentication.Authenticated.class);
                ApiKeyFile.at(path()).revoke("other-" + i);
                keys.reloadIfChanged();
                assertThat(keys.authenticate(added)).isInstanceOf(Authentication.Unknown.class);
            }
            stop.set(true);
            for (Future<Long> r : refusals) {
                assertThat(r.get(30, TimeUnit.SECONDS))
                        .as("refusals of the kept key")
                        .isZero();
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
        assertThat(checks.get()).isPositive();
        assertThat(keys.size()).isEqualTo(1);
    }
}
