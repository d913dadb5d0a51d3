package vn.signdesk.ocr.internal;

import java.io.Closeable;

/** The pages of one input, decoded one at a time and only on demand. Not thread-safe. */
public interface PageSource extends Closeable {

    int pageCount();

    /** Decodes page {@code index} (0-based), after checking its size against the limits. */
    SourcePage page(int index);

    /** Whether the input is a PDF carrying signatures. */
    boolean signed();

    @Override
    void close();
}
