package vn.signdesk.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link SharedSecrets} of the nodes sharing one {@link PostgresDatabase}: table {@code
 * shared_values}. A missing secret is created with {@code INSERT ... ON CONFLICT DO NOTHING} and
 * read back, so when two nodes create at once the first insert wins and both return it.
 */
public final class PostgresSecrets implements SharedSecrets {

    private final PostgresDatabase db;
    private final Clock clock;

    /** The secrets of the database. */
    public PostgresSecrets(PostgresDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public byte[] getOrCreate(String name, Supplier<byte[]> create) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        try (Connection c = db.connect()) {
            Optional<byte[]> stored = read(c, name);
            if (stored.isPresent()) {
                return stored.get();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO shared_values (name, content, created_ms)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, name);
                s.setBytes(2, create.get());
                s.setLong(3, clock.millis());
                s.executeUpdate();
            }
            return read(c, name).orElseThrow(() -> new StoreException("the secret " + name + " vanished"));
        } catch (SQLException e) {
            throw new StoreException("cannot read or create the secret " + name + " in " + db.where(), e);
        }
    }

    private static Optional<byte[]> read(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT content FROM shared_values WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }
}
