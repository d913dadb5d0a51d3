package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectorySecrets} in a real data directory: the {@link SharedSecretsContract}, then its files. */
class DirectorySecretsIT extends SharedSecretsContract {

    @TempDir
    Path dataDir;

    @Override
    void createStore() {
        // each test has its own @TempDir
    }

    @Override
    SharedSecrets openNode() {
        return new DirectorySecrets(dataDir);
    }

    @Override
    void closeAll() {}

    @Test
    void getOrCreate_newSecret_isAnOwnerOnlyFileOfTheDataDirectory() throws Exception {
        byte[] key = openNode().getOrCreate("two-step-token.key", this::random);

        Path file = dataDir.resolve("two-step-token.key");
        assertThat(file).hasBinaryContent(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void getOrCreate_existingFileOfAnEarlierVersion_isKept() throws Exception {
        byte[] earlier = random();
        Files.write(dataDir.resolve("two-step-token.key"), earlier);

        assertThat(openNode().getOrCreate("two-step-token.key", this::random)).isEqualTo(earlier);
    }
}
