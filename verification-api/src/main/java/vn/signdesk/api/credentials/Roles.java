package vn.signdesk.api.credentials;

import java.util.List;

/**
 * The roles a channel's credential carries (DESIGN.md, "Who uses it"): what it may sign with and
 * which jobs it sees. {@link #ADMIN} may use every profile and see every job.
 */
public final class Roles {

    /** Residents, through the portal and the app. */
    public static final String RESIDENT = "resident";

    /** Branch officers at the counter desks. */
    public static final String BRANCH = "branch";

    /** Departments sealing outgoing decisions. */
    public static final String DEPARTMENT = "department";

    /** Operators: every profile, every job, the audit trail. */
    public static final String ADMIN = "admin";

    /** Every role, in the order the demo credentials list them. */
    public static final List<String> ALL = List.of(RESIDENT, BRANCH, DEPARTMENT, ADMIN);

    private Roles() {}

    /**
     * The role, if it is one of {@link #ALL}.
     *
     * @throws IllegalArgumentException naming the known roles otherwise
     */
    public static String require(String role) {
        if (!ALL.contains(role)) {
            throw new IllegalArgumentException("'" + role + "' is not a role (roles: " + String.join(", ", ALL) + ")");
        }
        return role;
    }
}
