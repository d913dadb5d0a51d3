package vn.signdesk.api.http;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SignDeskConfig;

/**
 * Switches the service's console log to the configured {@link SignDeskConfig.LogFormat}: the text
 * pattern of {@code logback.xml}, or one JSON object per line for a log collector.
 *
 * <p>Implementation notes. The JSON lines come from logback's own {@link JsonEncoder} (logback 1.3.8
 * and later), so no further dependency is needed: it writes the level, logger, thread, timestamp,
 * the formatted message and the SLF4J key-value pairs (the request line's {@code requestId}, {@code
 * route}, {@code status}, ...) as fields of one object. The switch happens at start-up, after the
 * configuration is read (the format may come from the YAML file, which logback cannot see), by
 * giving the console appenders of the root logger a new encoder; an appender takes its encoder under
 * its lock for each event, so the swap needs no restart.
 */
public final class LogFormats {

    private LogFormats() {}

    /** Applies the format to the root logger's console appenders; does nothing for text or without logback. */
    public static void apply(SignDeskConfig.LogFormat format) {
        if (format != SignDeskConfig.LogFormat.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                // not stop() and start(): stopping closes the stream, which for the console is stderr
                appender.setEncoder(jsonEncoder(context));
            }
        }
    }

    /** One JSON object per event, without the fields a collector does not need. */
    static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
