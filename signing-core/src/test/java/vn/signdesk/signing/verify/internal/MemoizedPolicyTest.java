package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.Context;
import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.enumerations.SubContext;
import eu.europa.esig.dss.model.policy.CryptographicSuite;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The memoized policy against DSS's own default policy, suite by suite. */
class MemoizedPolicyTest {

    private static ValidationPolicy dssDefault() throws Exception {
        return ValidationPolicyLoader.fromDefaultValidationPolicy().create();
    }

    @Test
    void suites_everyContext_sameTablesAsThePolicyItself() throws Exception {
        ValidationPolicy plain = dssDefault();
        ValidationPolicy memoized = MemoizedPolicy.of(dssDefault());

        int compared = 0;
        for (Context context : Context.values()) {
            compared += compare(
                    () -> memoized.getSignatureCryptographicConstraint(context),
                    () -> plain.getSignatureCryptographicConstraint(context));
            for (SubContext sub : SubContext.values()) {
                compared += compare(
                        () -> memoized.getCertificateCryptographicConstraint(context, sub),
                        () -> plain.getCertificateCryptographicConstraint(context, sub));
            }
        }
        assertThat(compared).isGreaterThan(10);
        assertSameSuite(
                memoized.getEvidenceRecordCryptographicConstraint(), plain.getEvidenceRecordCryptographicConstraint());
    }

    @Test
    void suite_askedTwice_isBuiltOnceAndItsTablesKept() throws Exception {
        ValidationPolicy memoized = MemoizedPolicy.of(dssDefault());

        CryptographicSuite first = memoized.getSignatureCryptographicConstraint(Context.SIGNATURE);
        CryptographicSuite second = memoized.getSignatureCryptographicConstraint(Context.SIGNATURE);

        assertThat(second).isSameAs(first);
        assertThat(second.getAcceptableSignatureAlgorithms()).isSameAs(first.getAcceptableSignatureAlgorithms());
        assertThat(second.getAcceptableDigestAlgorithms()).isSameAs(first.getAcceptableDigestAlgorithms());
        assertThat(memoized.getSignatureCryptographicConstraint(Context.TIMESTAMP))
                .isNotSameAs(first);
    }

    @Test
    void suiteTables_changedByACaller_areRefused() throws Exception {
        CryptographicSuite suite =
                MemoizedPolicy.of(dssDefault()).getSignatureCryptographicConstraint(Context.SIGNATURE);

        assertThatThrownBy(() -> suite.getAcceptableDigestAlgorithms().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void suiteLevel_setThroughTheMemoizedSuite_reachesThePolicy() throws Exception {
        ValidationPolicy memoized = MemoizedPolicy.of(dssDefault());
        CryptographicSuite suite = memoized.getSignatureCryptographicConstraint(Context.SIGNATURE);

        suite.setLevel(Level.WARN);

        assertThat(suite.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void otherRules_goToThePolicyUnchanged() throws Exception {
        ValidationPolicy plain = dssDefault();
        ValidationPolicy memoized = MemoizedPolicy.of(dssDefault());

        assertThat(memoized.getPolicyName()).isEqualTo(plain.getPolicyName());
        assertThat(memoized.getValidationModel()).isEqualTo(plain.getValidationModel());
        assertThat(level(memoized.getPdfVisualDifferenceConstraint(Context.SIGNATURE)))
                .isEqualTo(level(plain.getPdfVisualDifferenceConstraint(Context.SIGNATURE)));
    }

    /** 1 if both gave a suite and they agree, 0 if both refused the arguments alike. */
    private static int compare(Supplier<CryptographicSuite> memoized, Supplier<CryptographicSuite> plain) {
        CryptographicSuite expected;
        try {
            expected = plain.get();
        } catch (RuntimeException refused) {
            assertThatThrownBy(memoized::get).isInstanceOf(refused.getClass());
            return 0;
        }
        assertSameSuite(memoized.get(), expected);
        return 1;
    }

    private static Level level(eu.europa.esig.dss.model.policy.LevelRule rule) {
        return rule == null ? null : rule.getLevel();
    }

    private static void assertSameSuite(CryptographicSuite memoized, CryptographicSuite plain) {
        if (plain == null) {
            assertThat(memoized).isNull();
            return;
        }
        assertThat(memoized.getLevel()).isEqualTo(plain.getLevel());
        assertThat(memoized.getAcceptableDigestAlgorithms().keySet())
                .containsExactlyElementsOf(plain.getAcceptableDigestAlgorithms().keySet());
        assertThat(memoized.getAcceptableSignatureAlgorithms().keySet())
                .containsExactlyElementsOf(
                        plain.getAcceptableSignatureAlgorithms().keySet());
        plain.getAcceptableSignatureAlgorithms().forEach((algorithm, evaluations) -> assertThat(
                        memoized.getAcceptableSignatureAlgorithms().get(algorithm))
                .as("%s", algorithm)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(evaluations));
        assertThat(memoized.getCryptographicSuiteUpdateDate()).isEqualTo(plain.getCryptographicSuiteUpdateDate());
        assertThat(memoized.getAlgorithmsExpirationDateLevel()).isEqualTo(plain.getAlgorithmsExpirationDateLevel());
    }
}
