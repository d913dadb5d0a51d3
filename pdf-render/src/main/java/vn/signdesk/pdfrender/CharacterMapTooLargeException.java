package vn.signdesk.pdfrender;

/** A font's character map spans more codes than any real font has: building the font would take minutes. */
public final class CharacterMapTooLargeException extends RuntimeException {

    public CharacterMapTooLargeException(String message) {
        super(message);
    }
}
