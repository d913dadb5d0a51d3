package vn.signdesk.signing.appearance;

/**
 * The stamp of an electronic copy or attachment under Decree 30/2020/ND-CP, Appendix I: text only, no
 * image, 10 pt, in the top-right corner of page 1: the form of the copy, the certifying
 * organisation and the signing time in ISO 8601 with +07:00.
 *
 * <p>Texts are kept in Unicode NFC, the form {@code pdftotext} returns.
 *
 * @param copyForm the form of the copy, e.g. {@value #ELECTRONIC_COPY}, "SAO Y", "TRÍCH SAO"
 * @param organisation the organisation that certifies the copy
 */
public record CopyStamp(String copyForm, String organisation) {

    /** The usual form of a copy made from a paper original: "BẢN SAO ĐIỆN TỬ" (electronic copy). */
    public static final String ELECTRONIC_COPY = "BẢN SAO ĐIỆN TỬ";

    public CopyStamp {
        copyForm = SignatureAppearance.text(copyForm, "The copy form");
        organisation = SignatureAppearance.text(organisation, "The organisation");
    }

    /** An electronic copy ({@value #ELECTRONIC_COPY}) certified by {@code organisation}. */
    public static CopyStamp electronicCopy(String organisation) {
        return new CopyStamp(ELECTRONIC_COPY, organisation);
    }
}
