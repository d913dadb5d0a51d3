package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.i18n.I18nProvider;
import eu.europa.esig.dss.i18n.MessageTag;
import eu.europa.esig.dss.validation.executor.signature.DefaultSignatureProcessExecutor;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DSS's signature process executor (the ETSI EN 319 102-1 validation process and its reports) with
 * report messages whose patterns are parsed once per thread instead of once per message.
 *
 * <p>Implementation notes. DSS's {@link I18nProvider} formats every message of every check with
 * {@code MessageFormat.format(pattern, args)}, which parses the pattern anew: a twentieth of a
 * one-page verification. {@link Messages} gives the same text (same bundle, same locale, message
 * tags among the arguments translated first) from a {@link MessageFormat} kept per pattern and
 * thread, since a {@code MessageFormat} may not be shared between threads. One provider per locale
 * is shared; an executor is built per validation, as DSS requires.
 */
public final class CachedMessagesExecutor extends DefaultSignatureProcessExecutor {

    private static final Map<Locale, Messages> BY_LOCALE = new ConcurrentHashMap<>();

    private Locale locale = Locale.getDefault();

    @Override
    public void setLocale(Locale locale) {
        this.locale = Objects.requireNonNull(locale, "Locale cannot be null!");
    }

    @Override
    protected I18nProvider getI18nProvider() {
        return BY_LOCALE.computeIfAbsent(locale, Messages::new);
    }

    /** DSS's message provider over the same bundle, with each pattern parsed once per thread. */
    static final class Messages extends I18nProvider {

        private static final String BUNDLE = "dss-messages";

        private final ResourceBundle bundle;
        private final Set<String> keys;
        private final ThreadLocal<Map<String, MessageFormat>> formats = ThreadLocal.withInitial(HashMap::new);

        Messages(Locale locale) {
            super(locale);
            this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
            this.keys = bundle.keySet();
        }

        @Override
        public String getMessage(MessageTag tag, Object... args) {
            if (tag == null) {
                throw new IllegalArgumentException("messageTag cannot be null!");
            }
            if (!keys.contains(tag.getId())) {
                // DSS logs and answers the tag's id
                return super.getMessage(tag, args);
            }
            Object[] translated = null;
            if (args != null) {
                translated = args.clone();
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof MessageTag t) {
                        translated[i] = getMessage(t);
                    }
                }
            }
            MessageFormat format =
                    formats.get().computeIfAbsent(tag.getId(), id -> new MessageFormat(bundle.getString(id)));
            return format.format(translated);
        }
    }
}
