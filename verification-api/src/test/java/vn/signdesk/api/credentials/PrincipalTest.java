package vn.signdesk.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a principal of one or several roles may use and see. */
class PrincipalTest {

    private final Principal branch = Principal.of("desk-1", "branch", "id1");
    private final Principal branchAndDepartment = new Principal("clerk", List.of("branch", "department"), "id2");
    private final Principal admin = Principal.of("ops", "admin", "id3");

    @Test
    void role_severalRoles_areJoinedWithPlus() {
        assertThat(branch.role()).isEqualTo("branch");
        assertThat(branchAndDepartment.role()).isEqualTo("branch+department");
    }

    @Test
    void mayUse_anyRoleAllowed_isTrue() {
        assertThat(branchAndDepartment.mayUse(Set.of("department"))).isTrue();
        assertThat(branch.mayUse(Set.of("department"))).isFalse();
        assertThat(admin.mayUse(Set.of("department"))).isTrue();
    }

    @Test
    void covers_ownerRolesWithinOwnRoles_isTrue() {
        assertThat(branchAndDepartment.covers("branch")).isTrue();
        assertThat(branchAndDepartment.covers("branch+department")).isTrue();
        assertThat(branch.covers("branch+department")).isFalse();
        assertThat(branch.covers("resident")).isFalse();
        assertThat(admin.covers("resident")).isTrue();
    }

    @Test
    void new_noRole_isRefused() {
        assertThatThrownBy(() -> new Principal("x", List.of(), "id")).isInstanceOf(IllegalArgumentException.class);
    }
}
