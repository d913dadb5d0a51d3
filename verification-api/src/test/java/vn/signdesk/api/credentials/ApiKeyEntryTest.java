package vn.signdesk.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An API key entry's checks and the end of its last day, in Vietnam's time. */
class ApiKeyEntryTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private static ApiKeyEntry lastDay(String day) {
        return new ApiKeyEntry("portal", "0123456789ab", List.of("resident"), CREATED, LocalDate.parse(day));
    }

    @Test
    void expiredAt_throughTheLastDayInVietnam_isFalse() {
        // 2026-03-31 23:59:59 at +07:00 is 16:59:59 UTC
        assertThat(lastDay("2026-03-31").expiredAt(Instant.parse("2026-03-31T16:59:59Z")))
                .isFalse();
    }

    @Test
    void expiredAt_midnightAfterTheLastDayInVietnam_isTrue() {
        assertThat(lastDay("2026-03-31").expiredAt(Instant.parse("2026-03-31T17:00:00Z")))
                .isTrue();
    }

    @Test
    void expiredAt_noLastDay_isNeverTrue() {
        ApiKeyEntry forever = new ApiKeyEntry("portal", "0123456789ab", List.of("resident"), CREATED, null);
        assertThat(forever.expiredAt(Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void new_unknownRole_isRefusedNamingTheRoles() {
        assertThatThrownBy(() -> new ApiKeyEntry("p", "0123456789ab", List.of("superuser"), CREATED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'superuser' is not a role (roles: resident, branch, department, admin)");
    }

    @Test
    void new_nameWithSpacesOrQuotes_isRefused() {
        assertThatThrownBy(() -> new ApiKeyEntry("a b", "0123456789ab", List.of("branch"), CREATED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the name 'a b' is not");
        assertThatThrownBy(() -> new ApiKeyEntry("x\"y", "0123456789ab", List.of("branch"), CREATED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_roleTwice_isRefused() {
        assertThatThrownBy(() -> new ApiKeyEntry("p", "0123456789ab", List.of("branch", "branch"), CREATED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }
}
