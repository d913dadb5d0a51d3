package vn.signdesk.signing.keys;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;

/**
 * A real SoftHSM2 token for tests, made once per test JVM: label {@value #TOKEN_LABEL}, user PIN
 * {@link #pin()}, holding three keys of the demo PKI with their chains: the department seal (alias
 * {@value #DEPARTMENT_SEAL_ALIAS}, RSA), the branch copy key ({@value #BRANCH_COPY_ALIAS}, RSA) and
 * the resident's EC key ({@value #RESIDENT_EC_ALIAS}).
 *
 * <p>Implementation notes: SoftHSM reads {@code SOFTHSM2_CONF} from the environment when the library
 * is first initialised in a process, so the test JVM gets it from signing-core's pom and this class
 * writes that file, wipes its token directory and runs {@code softhsm2-util --init-token} before
 * anything in the JVM loads the library. Keys are imported through the JDK (PKCS11 key store
 * {@code setKeyEntry}) right after, then the importer logs out, because a login is shared by every
 * provider on the token in the process. Missing SoftHSM2 fails the test: it is never skipped.
 */
public final class SoftHsmTestToken {

    /** Where Debian's libsofthsm2 installs the PKCS#11 module. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    public static final String TOKEN_LABEL = "signdesk-test";
    public static final String DEPARTMENT_SEAL_ALIAS = "department-seal";
    public static final String BRANCH_COPY_ALIAS = "branch-copy";
    public static final String RESIDENT_EC_ALIAS = "resident-ec";

    private static final String PIN_TEXT = "720319";
    private static final String SO_PIN_TEXT = "9031975112";

    private static DemoPki pki;

    private SoftHsmTestToken() {}

    /** The user PIN, a fresh copy each call. */
    public static char[] pin() {
        return PIN_TEXT.toCharArray();
    }

    /** A configuration that opens the test token by label. */
    public static Pkcs11TokenConfig config(String name) {
        return new Pkcs11TokenConfig(name, LIBRARY, TokenSlot.label(TOKEN_LABEL), pin());
    }

    /**
     * Makes the token if this JVM has not yet, and returns the demo PKI whose keys it holds.
     *
     * @return the in-memory demo PKI (same instance on every call)
     */
    public static synchronized DemoPki ensureInitialised() {
        if (pki != null) {
            return pki;
        }
        if (!Files.isRegularFile(LIBRARY)) {
            fail("SoftHSM2 is not installed (" + LIBRARY + " missing): run scripts/install-deps.sh");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || conf.isBlank()) {
            fail("SOFTHSM2_CONF is not set: run the PKCS#11 tests through Maven (signing-core/pom.xml sets it)");
        }
        try {
            Path confFile = Path.of(conf);
            Path tokens = confFile.resolveSibling("tokens");
            deleteTree(tokens);
            Files.createDirectories(tokens);
            Files.writeString(
                    confFile,
                    "directories.tokendir = " + tokens + "\n"
                            + "objectstore.backend = file\n"
                            + "log.level = ERROR\n"
                            + "slots.removable = false\n",
                    StandardCharsets.UTF_8);
            run(
                    confFile,
                    "softhsm2-util",
                    "--init-token",
                    "--free",
                    "--label",
                    TOKEN_LABEL,
                    "--so-pin",
                    SO_PIN_TEXT,
                    "--pin",
                    PIN_TEXT);
        } catch (IOException e) {
            fail("could not prepare the SoftHSM2 token directory", e);
        }
        DemoPki created = DemoPki.createInMemory(URI.create("http://127.0.0.1:1"), Clock.systemUTC());
        importKeys(List.of(created.departmentSeal(), created.branchCopy(), created.residentEc()));
        pki = created;
        return pki;
    }

    private static void importKeys(List<Identity> identities) {
        String slot = "slot = " + TokenLabels.slotId("test", LIBRARY.toString(), TOKEN_LABEL);
        Provider provider = Security.getProvider("SunPKCS11")
                .configure("--name = SignDesk-import\nlibrary = " + LIBRARY + "\n" + slot + "\n");
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin());
            for (Identity identity : identities) {
                store.setKeyEntry(
                        identity.name(),
                        identity.privateKey(),
                        null,
                        identity.chain().toArray(new Certificate[0]));
            }
        } catch (Exception e) {
            fail("could not import the demo keys into the SoftHSM2 token", e);
        } finally {
            try {
                ((AuthProvider) provider).logout();
            } catch (Exception e) {
                fail("could not log out after importing the demo keys", e);
            }
        }
    }

    private static void run(Path confFile, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", confFile.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: run scripts/install-deps.sh", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command[0] + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                fail(command[0] + " failed with exit code " + process.exitValue() + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
