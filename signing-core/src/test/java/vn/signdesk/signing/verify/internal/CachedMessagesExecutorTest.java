package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.i18n.I18nProvider;
import eu.europa.esig.dss.i18n.MessageTag;
import java.util.Date;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cached message provider writes every DSS message exactly as DSS's own provider does. */
class CachedMessagesExecutorTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "vi", "fr"})
    void everyMessageTag_withAndWithoutArguments_readsAsDssWritesIt(String language) {
        Locale locale = Locale.forLanguageTag(language);
        I18nProvider dss = new I18nProvider(locale);
        I18nProvider cached = new CachedMessagesExecutor.Messages(locale);
        Object[][] argumentSets = {
            null, {}, {"RSA", 2048}, {MessageTag.values()[0], new Date(1_700_000_000_000L), 3.5, null},
        };
        int compared = 0;
        for (int round = 0; round < 2; round++) {
            // the second round reads the formats the first one kept
            for (MessageTag tag : MessageTag.values()) {
                for (Object[] args : argumentSets) {
                    assertThat(cached.getMessage(tag, args))
                            .as("%s with %s", tag, args == null ? "null" : java.util.Arrays.toString(args))
                            .isEqualTo(dss.getMessage(tag, args));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(1_000);
    }
}
