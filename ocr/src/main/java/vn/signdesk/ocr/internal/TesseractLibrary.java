package vn.signdesk.ocr.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sourceforge.tess4j.TessAPI;
import vn.signdesk.ocr.OcrFailedException;

/**
 * Loads Tess4J's JNA binding of the Tesseract C API over the system library. Tess4J's own loader
 * ({@code LoadLibs}) is bypassed on purpose: it unpacks Windows DLLs to a temporary directory and
 * overwrites the {@code jna.library.path} system property for the whole JVM.
 */
public final class TesseractLibrary {

    private TesseractLibrary() {}

    /**
     * The binding, loaded from {@code nameOrNull} (a path or soname) or else from {@code tesseract}
     * (JNA finds the versioned {@code libtesseract.so.5} on the system's library path) or
     * {@code libtesseract.so.5} (the soname, through the dynamic linker's cache).
     */
    public static TessAPI load(String nameOrNull) {
        List<String> candidates = nameOrNull != null ? List.of(nameOrNull) : List.of("tesseract", "libtesseract.so.5");
        List<String> failures = new ArrayList<>();
        UnsatisfiedLinkError last = null;
        for (String name : candidates) {
            try {
                return Native.load(name, TessAPI.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
            } catch (UnsatisfiedLinkError e) {
                failures.add(name);
                last = e;
            }
        }
        throw new OcrFailedException(
                "the Tesseract library cannot be loaded (tried " + String.join(", ", failures)
                        + "; install libtesseract5)",
                last);
    }
}
