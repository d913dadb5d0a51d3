package vn.signdesk.api.credentials;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the API key file says of one key, secrets aside: its name, public id, roles, when it was
 * created and the last day it works. This is all {@code keys list} shows.
 *
 * @param name the operator's name for the key, unique in the file, e.g. {@code portal-web}
 * @param id the public id that the key carries ({@code sdk_ID_SECRET}) and the audit trail records
 * @param roles one or more of {@link Roles#ALL}
 * @param created when the key was added
 * @param lastDayOrNull the last day the key works, in Vietnam's time ({@link #ZONE}); null: no expiry
 */
public record ApiKeyEntry(String name, String id, List<String> roles, Instant created, LocalDate lastDayOrNull) {

    /** The zone in which a last day ends: Vietnam's time, UTC+07:00 all year, the service center's. */
    public static final ZoneOffset ZONE = ZoneOffset.ofHours(7);

    /** Names are short and plain, so they can be printed in logs and problem details as they are. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ApiKeyEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        roles = List.copyOf(roles);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the name '" + name + "' is not 1 to 64 letters, digits, '.', '_'"
                    + " or '-' (starting with a letter or digit)");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("the key '" + name + "' has no role");
        }
        roles.forEach(Roles::require);
        if (roles.stream().distinct().count() != roles.size()) {
            throw new IllegalArgumentException("the key '" + name + "' lists a role twice");
        }
    }

    /** Whether the key no longer works at {@code now}: its last day has ended in {@link #ZONE}. */
    public boolean expiredAt(Instant now) {
        return lastDayOrNull != null
                && !now.isBefore(lastDayOrNull.plusDays(1).atStartOfDay(ZONE).toInstant());
    }

    /** The principal this key authenticates as: its name, its roles, its public id as the audit's key id. */
    Principal principal() {
        return new Principal(name, roles, id);
    }
}
