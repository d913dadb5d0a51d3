package vn.signdesk.api.store;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@link PostgresSecrets} on a real PostgreSQL server ({@link LocalPostgres}): the {@link SharedSecretsContract}. */
class PostgresSecretsIT extends SharedSecretsContract {

    private URI database;
    private final List<PostgresDatabase> opened = new ArrayList<>();

    @Override
    void createStore() {
        database = LocalPostgres.shared().emptyDatabaseFor(getClass());
    }

    @Override
    SharedSecrets openNode() {
        PostgresDatabase db =
                PostgresDatabase.open(database, LocalPostgres.shared().passwordFile());
        opened.add(db);
        return new PostgresSecrets(db, Clock.systemUTC());
    }

    @Override
    void closeAll() {
        opened.forEach(PostgresDatabase::close);
        opened.clear();
    }
}
