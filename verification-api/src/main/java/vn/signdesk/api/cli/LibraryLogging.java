package vn.signdesk.api.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the libraries' logging (PDFBox's ERROR lines with stack traces, DSS, Tesseract) off a
 * command's stderr, where the command line says in one line what went wrong (CONTRACT.md). Logging
 * comes back when the command ends, for whatever else runs in the same JVM (tests), and stays as
 * configured with {@code --verbose}.
 */
final class LibraryLogging implements AutoCloseable {

    private final LoggerContext contextOrNull;
    private final TurboFilter silence = new TurboFilter() {
        @Override
        public FilterReply decide(
                Marker marker,
                ch.qos.logback.classic.Logger logger,
                Level level,
                String format,
                Object[] params,
                Throwable t) {
            return FilterReply.DENY;
        }
    };

    private LibraryLogging(LoggerContext contextOrNull) {
        this.contextOrNull = contextOrNull;
        if (contextOrNull != null) {
            contextOrNull.addTurboFilter(silence);
        }
    }

    /** Silences every logger until {@link #close()}; does nothing when logging is not Logback. */
    static LibraryLogging silenced() {
        return new LibraryLogging(LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? context : null);
    }

    /** Leaves logging as configured. */
    static LibraryLogging unchanged() {
        return new LibraryLogging(null);
    }

    @Override
    public void close() {
        if (contextOrNull != null) {
            contextOrNull.getTurboFilterList().remove(silence);
        }
    }
}
