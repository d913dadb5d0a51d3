package vn.signdesk.api;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reads the parts of a certificate's subject that people see: common name and organisation. */
final class CertificateNames {

    private CertificateNames() {}

    /** The subject's CN, or the whole subject when it has none. */
    static String commonName(X509Certificate c) {
        String cn = attributeOrNull(c, "CN");
        return cn != null ? cn : c.getSubjectX500Principal().getName();
    }

    /** The subject's O, or null. */
    static String organisationOrNull(X509Certificate c) {
        return attributeOrNull(c, "O");
    }

    private static String attributeOrNull(X509Certificate c, String type) {
        try {
            // RFC 2253 form keeps UTF-8 strings readable (Vietnamese names survive as written)
            LdapName name = new LdapName(c.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
