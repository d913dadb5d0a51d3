package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.model.policy.CryptographicSuite;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.model.policy.crypto.CryptographicSuiteEvaluation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DSS validation policy whose cryptographic suites are read from the policy once, instead of on
 * every check of every validation.
 *
 * <p>Implementation notes. DSS's JAXB policy builds a new cryptographic suite object on every
 * {@code get...CryptographicConstraint} call and rebuilds its algorithm maps on every
 * {@code getAcceptable...Algorithms()} call, parsing each algorithm's expiration dates with a new
 * {@code SimpleDateFormat}: about a quarter of a verification's time once the rest is built once.
 * The suite a policy gives for a context depends only on the policy file and the arguments, so this
 * proxy keeps one suite per method and arguments, and each suite keeps its maps and update date
 * after the first call, unmodifiable. Every other policy method goes to the policy unchanged. A
 * setter called on a suite goes to DSS's suite and drops what was kept, so the next read sees it.
 * Thread-safe when the policy is only read, which is how a verifier shares it.
 */
public final class MemoizedPolicy {

    private MemoizedPolicy() {}

    /** {@code policy}, with each cryptographic suite and its algorithm tables read once. */
    public static ValidationPolicy of(ValidationPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Map<List<Object>, CryptographicSuite> suites = new ConcurrentHashMap<>();
        return (ValidationPolicy) Proxy.newProxyInstance(
                ValidationPolicy.class.getClassLoader(), new Class<?>[] {ValidationPolicy.class}, (proxy, m, args) -> {
                    if (m.getReturnType() == CryptographicSuite.class) {
                        List<Object> key = new ArrayList<>();
                        key.add(m.getName());
                        if (args != null) {
                            key.addAll(Arrays.asList(args));
                        }
                        CryptographicSuite cached = suites.get(key);
                        if (cached != null) {
                            return cached;
                        }
                        CryptographicSuite suite = (CryptographicSuite) invoke(policy, m, args);
                        if (suite == null) {
                            return null;
                        }
                        CryptographicSuite raced = suites.putIfAbsent(key, new Suite(suite));
                        return raced != null ? raced : suites.get(key);
                    }
                    if (m.getDeclaringClass() == Object.class) {
                        return switch (m.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "memoized " + policy;
                        };
                    }
                    return invoke(policy, m, args);
                });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A cryptographic suite that keeps its algorithm tables and update date after the first read. */
    private static final class Suite implements CryptographicSuite {
        private final CryptographicSuite suite;
        private volatile Map<DigestAlgorithm, Set<CryptographicSuiteEvaluation>> digests;
        private volatile Map<SignatureAlgorithm, Set<CryptographicSuiteEvaluation>> signatures;
        private volatile Date updateDate;
        private volatile boolean updateDateRead;

        Suite(CryptographicSuite suite) {
            this.suite = suite;
        }

        @Override
        public String getPolicyName() {
            return suite.getPolicyName();
        }

        @Override
        public Map<DigestAlgorithm, Set<CryptographicSuiteEvaluation>> getAcceptableDigestAlgorithms() {
            Map<DigestAlgorithm, Set<CryptographicSuiteEvaluation>> d = digests;
            if (d == null) {
                // DSS's suite builds its tables lazily and is not safe for concurrent first reads
                synchronized (this) {
                    d = digests;
                    if (d == null) {
                        d = frozen(suite.getAcceptableDigestAlgorithms());
                        digests = d;
                    }
                }
            }
            return d;
        }

        @Override
        public Map<SignatureAlgorithm, Set<CryptographicSuiteEvaluation>> getAcceptableSignatureAlgorithms() {
            Map<SignatureAlgorithm, Set<CryptographicSuiteEvaluation>> s = signatures;
            if (s == null) {
                synchronized (this) {
                    s = signatures;
                    if (s == null) {
                        s = frozen(suite.getAcceptableSignatureAlgorithms());
                        signatures = s;
                    }
                }
            }
            return s;
        }

        @Override
        public Date getCryptographicSuiteUpdateDate() {
            if (!updateDateRead) {
                synchronized (this) {
                    if (!updateDateRead) {
                        updateDate = suite.getCryptographicSuiteUpdateDate();
                        updateDateRead = true;
                    }
                }
            }
            // Date is mutable: each caller gets its own
            return updateDate == null ? null : new Date(updateDate.getTime());
        }

        @Override
        public Level getLevel() {
            return suite.getLevel();
        }

        @Override
        public void setLevel(Level level) {
            suite.setLevel(level);
            forget();
        }

        @Override
        public Level getAcceptableDigestAlgorithmsLevel() {
            return suite.getAcceptableDigestAlgorithmsLevel();
        }

        @Override
        public void setAcceptableDigestAlgorithmsLevel(Level level) {
            suite.setAcceptableDigestAlgorithmsLevel(level);
            forget();
        }

        @Override
        public Level getAcceptableSignatureAlgorithmsLevel() {
            return suite.getAcceptableSignatureAlgorithmsLevel();
        }

        @Override
        public void setAcceptableSignatureAlgorithmsLevel(Level level) {
            suite.setAcceptableSignatureAlgorithmsLevel(level);
            forget();
        }

        @Override
        public Level getAcceptableSignatureAlgorithmsMiniKeySizeLevel() {
            return suite.getAcceptableSignatureAlgorithmsMiniKeySizeLevel();
        }

        @Override
        public void setAcceptableSignatureAlgorithmsMiniKeySizeLevel(Level level) {
            suite.setAcceptableSignatureAlgorithmsMiniKeySizeLevel(level);
            forget();
        }

        @Override
        public Level getAlgorithmsExpirationDateLevel() {
            return suite.getAlgorithmsExpirationDateLevel();
        }

        @Override
        public void setAlgorithmsExpirationDateLevel(Level level) {
            suite.setAlgorithmsExpirationDateLevel(level);
            forget();
        }

        @Override
        public Level getAlgorithmsExpirationDateAfterUpdateLevel() {
            return suite.getAlgorithmsExpirationDateAfterUpdateLevel();
        }

        @Override
        public void setAlgorithmsExpirationTimeAfterPolicyUpdateLevel(Level level) {
            suite.setAlgorithmsExpirationTimeAfterPolicyUpdateLevel(level);
            forget();
        }

        private synchronized void forget() {
            digests = null;
            signatures = null;
            updateDateRead = false;
        }

        private static <K> Map<K, Set<CryptographicSuiteEvaluation>> frozen(
                Map<K, Set<CryptographicSuiteEvaluation>> map) {
            if (map == null) {
                return null;
            }
            // the policy's order, in case a reader takes the first match
            Map<K, Set<CryptographicSuiteEvaluation>> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v == null ? null : Collections.unmodifiableSet(v)));
            return Collections.unmodifiableMap(copy);
        }

        @Override
        public String toString() {
            return suite.toString();
        }
    }
}
