package vn.signdesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.config.AppearanceSettings;
import vn.signdesk.api.config.ProfileSettings;
import vn.signdesk.api.config.SettingsDoc;
import vn.signdesk.api.config.TimestampingSettings;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.keys.TokenSlot;

class ProductionConfigTest {

    @TempDir
    Path dir;

    private Path library;

    @BeforeEach
    void files() throws IOException {
        library = Files.writeString(dir.resolve("libtoken.so"), "not really a library");
        secret("token.pin", "1234");
        secret("branch.password", "pw");
        secret("branch.p12", "p12 bytes");
        secret("keys.json", "{}");
    }

    private Path secret(String name, String content) throws IOException {
        Path p = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private SignDeskConfig read(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("signdesk.yaml"), yaml.replace("LIB", library.toString()));
        return SignDeskConfig.fromEnvironment(Map.of("SIGNDESK_CONFIG", file.toString()));
    }

    private static final String GOOD =
            """
            mode: production
            dataDir: data
            pkcs11: {allowedLibraries: [LIB]}
            profiles:
              department-seal:
                pkcs11: {library: LIB, tokenLabel: signdesk, keyLabel: seal, pinFile: token.pin}
                level: B-LTA
                appearance: {kind: signature, lines: ["Sở Tư pháp"], placement: {page: 2, xMm: 10}}
                reason: Ban hành văn bản
                roles: [department]
              branch-copy:
                pkcs12: {file: branch.p12, passwordFile: branch.password}
                level: B-LT
                appearance: {kind: copy-stamp}
                roles: [branch, admin]
            timestamping:
              authorities:
                - {url: "http://127.0.0.1:9301/tsa", policy: 1.2.3.4, timeoutSeconds: 3}
                - url: http://127.0.0.1:9302/tsa
            credentials: {apiKeysFile: keys.json}
            trust: {bundles: [vn]}
            """;

    @Test
    void fromEnvironment_productionFile_readsProfilesAuthoritiesAndRelativePathsAgainstTheFile() throws IOException {
        SignDeskConfig c = read(GOOD);

        assertThat(c.mode()).isEqualTo(SignDeskConfig.Mode.PRODUCTION);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.profiles()).containsOnlyKeys("department-seal", "branch-copy");
        ProfileSettings seal = c.profiles().get("department-seal");
        assertThat(seal.key())
                .isEqualTo(new ProfileSettings.Pkcs11Key(
                        library,
                        TokenSlot.label("signdesk"),
                        "seal",
                        new vn.signdesk.api.config.Secret(
                                "profiles.department-seal.pkcs11.pinFile", dir.resolve("token.pin"), null)));
        assertThat(seal.level()).isEqualTo(SignatureLevel.B_LTA);
        assertThat(seal.appearance().kind()).isEqualTo(AppearanceSettings.Kind.SIGNATURE);
        assertThat(seal.appearance().lines()).containsExactly("Sở Tư pháp");
        assertThat(seal.appearance().page()).isEqualTo(2);
        assertThat(seal.appearance().xMm()).isEqualTo(10.0);
        assertThat(seal.reasonOrNull()).isEqualTo("Ban hành văn bản");
        ProfileSettings branch = c.profiles().get("branch-copy");
        assertThat(branch.key()).isInstanceOf(ProfileSettings.Pkcs12Key.class);
        assertThat(branch.roles()).containsExactlyInAnyOrder("branch", "admin");
        assertThat(c.timestamping().authorities()).hasSize(2);
        TimestampingSettings.Authority first = c.timestamping().authorities().get(0);
        assertThat(first.policyOidOrNull()).isEqualTo("1.2.3.4");
        assertThat(first.timeout()).hasSeconds(3);
        assertThat(c.timestamping().authorities().get(1).hash()).isEqualTo(TimestampingSettings.Hash.SHA_256);
        assertThat(c.trust().bundles()).containsExactly("vn");
        assertThat(c.credentials().apiKeysFileOrNull()).isEqualTo(dir.resolve("keys.json"));
        assertThat(c.toString()).doesNotContain("1234");
    }

    @Test
    void fromEnvironment_libraryNotAllowed_namesTheSetting() throws IOException {
        String yaml = GOOD.replace("pkcs11: {allowedLibraries: [LIB]}", "pkcs11: {allowedLibraries: []}");

        assertThatThrownBy(() -> read(yaml))
                .hasMessageContaining("profiles.department-seal.pkcs11.library in ")
                .hasMessageContaining("is not on pkcs11.allowedLibraries");
    }

    @Test
    void fromEnvironment_literalPin_isAnUnknownSettingAndNeverEchoed() throws IOException {
        String yaml = GOOD.replace("pinFile: token.pin", "pin: 987654");

        assertThatThrownBy(() -> read(yaml))
                .hasMessageContaining("unknown setting 'profiles.department-seal.pkcs11.pin'")
                .hasMessageContaining("profiles.department-seal.pkcs11.pinFile in ")
                .hasMessageContaining("a secret is never written in the configuration")
                .hasMessageNotContaining("987654");
    }

    @Test
    void fromEnvironment_secretFileReadableByOthers_isRefusedNamingIt() throws IOException {
        Files.setPosixFilePermissions(dir.resolve("token.pin"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> read(GOOD))
                .hasMessageContaining("profiles.department-seal.pkcs11.pinFile")
                .hasMessageContaining("holds secrets but other users can read or write it")
                .hasMessageNotContaining("1234");
    }

    @Test
    void fromEnvironment_keyFileReadableByOthers_isRefused() throws IOException {
        Files.setPosixFilePermissions(dir.resolve("branch.p12"), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> read(GOOD))
                .hasMessageContaining("profiles.branch-copy.pkcs12.file")
                .hasMessageContaining("other users can read or write it");
    }

    @Test
    void fromEnvironment_unknownBundleAndBadAuthority_eachNamed() throws IOException {
        String yaml = GOOD.replace("bundles: [vn]", "bundles: [xx]").replace("policy: 1.2.3.4", "policy: gold");

        assertThatThrownBy(() -> read(yaml))
                .hasMessageContaining("trust.bundles in ")
                .hasMessageContaining("holds 'xx', which is not a bundle SignDesk ships")
                .hasMessageContaining("timestamping.authorities[0].policy in ")
                .hasMessageContaining("is not an object identifier");
    }

    @Test
    void fromEnvironment_keyInTokenAndFile_isRefused() throws IOException {
        String yaml = GOOD.replace("level: B-LT\n", "level: B-LT\n    pkcs11: {library: LIB}\n");

        assertThatThrownBy(() -> read(yaml)).hasMessageContaining("profiles.branch-copy.pkcs12.file in ");
    }

    @Test
    void fromEnvironment_demoModeWithProfiles_isRefusedAsProductionSetting() throws IOException {
        assertThatThrownBy(() -> read(GOOD.replace("mode: production", "mode: demo")))
                .hasMessageContaining("profiles in ")
                .hasMessageContaining("is a production setting");
    }

    @Test
    void settingsDoc_listsEverySettingOnceWithItsVariable() {
        String doc = SettingsDoc.markdown();

        for (var s : SignDeskConfig.SETTINGS) {
            assertThat(doc).contains("| `" + s.key() + "` |");
        }
        assertThat(doc).contains("| `http.port` | `SIGNDESK_HTTP_PORT` | `8080` |");
        assertThat(doc).contains("| `profiles.NAME.pkcs11.pinFile` |");
        assertThat(doc).contains("| `timestamping.authorities[].url` |");
    }
}
