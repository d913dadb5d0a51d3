package vn.signdesk.signing.verify;

/**
 * What was added to a PDF after a signed revision, classified as a careful reviewer would
 * (CONTRACT.md, {@code changesAfterSigning}). Ordered from harmless to disallowed; a document with
 * several kinds of change reports the worst.
 */
public enum ChangeKind {
    /** Nothing after the signed revision: the signature covers the whole file. */
    NONE,
    /** Only validation data and document timestamps (/DSS, /VRI, DocTimeStamp signatures): long-term archival. */
    LTA_UPDATES,
    /** Only form fields filled or signature fields signed, without touching signed content. */
    FORM_FILLING,
    /** Only annotations added, removed or changed (comments, stamps), without touching signed content. */
    ANNOTATIONS,
    /** Anything else: page content, pages added or removed, signed objects rewritten, shadow updates. */
    OTHER
}
