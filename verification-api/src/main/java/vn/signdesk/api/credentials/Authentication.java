package vn.signdesk.api.credentials;

import java.time.LocalDate;
import java.util.Objects;

/** The outcome of presenting a bearer key to {@link Credentials}: who it is, or why it is refused. */
public sealed interface Authentication {

    /** The key is known and valid. */
    record Authenticated(Principal principal) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** No credential has this key (or it was revoked, or it is malformed). */
    record Unknown() implements Authentication {}

    /** The key is known but its validity ended on {@code lastDay}. */
    record Expired(String name, LocalDate lastDay) implements Authentication {
        public Expired {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastDay, "lastDay");
        }
    }

    /** The outcome for a key nobody has. */
    static Authentication unknown() {
        return new Unknown();
    }
}
