package vn.signdesk.api.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.store.Store;
import vn.signdesk.signing.revocation.SigningCertificateCheck;

/**
 * The checks behind {@code GET /health/ready}: the signer is built, the keys of every signing profile
 * open, the timestamp authority answers a timestamp, and the data directory takes a write.
 *
 * <p>The durable store (jobs, audit) is checked by taking its write lock ({@code store}): the answer
 * carries one entry per check.
 */
final class ReadinessChecks {

    private ReadinessChecks() {}

    /**
     * @param runtimeOrNull the signing runtime, null while it is being built
     * @param runtimeState {@code UP}, {@code STARTING} or {@code FAILED}
     * @param profileNames the signing profiles, one check each ({@code profile:NAME})
     */
    static List<ReadinessCheck> standard(
            Supplier<SigningRuntime> runtimeOrNull,
            Supplier<String> runtimeState,
            List<String> profileNames,
            Path dataDir,
            Store store) {
        List<ReadinessCheck> checks = new ArrayList<>();
        checks.add(new ReadinessCheck("signer", () -> {
            String state = runtimeState.get();
            if (!"UP".equals(state)) {
                throw new IllegalStateException(
                        "FAILED".equals(state) ? "the signer could not be built" : "the signer is being built");
            }
            return "signer and timestamp authority built";
        }));
        checks.add(new ReadinessCheck("keys", () -> {
            SigningRuntime rt = require(runtimeOrNull);
            int opened = 0;
            for (SigningProfile profile : rt.profiles()) {
                try {
                    // whether its certificate may sign is the profile's own check (profile:NAME)
                    rt.openKey(profile);
                } catch (RuntimeException e) {
                    // the exception may name a file or alias: the profile name is public
                    throw new IllegalStateException("the key of profile '" + profile.name() + "' cannot be opened");
                }
                opened++;
            }
            return opened + " signing profile keys open";
        }));
        for (String name : profileNames) {
            checks.add(new ReadinessCheck("profile:" + name, () -> profile(require(runtimeOrNull), name)));
        }
        checks.add(new ReadinessCheck("timestampAuthority", () -> {
            SigningRuntime rt = require(runtimeOrNull);
            try {
                rt.probeTimestampAuthority();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the timestamp authority gave no valid token");
            }
            return "answered a timestamp";
        }));
        checks.add(new ReadinessCheck("dataDir", () -> {
            // a write and a delete catch a full or read-only file system that mode bits do not show
            try {
                Path probe = Files.createTempFile(dataDir, ".ready", ".probe");
                Files.delete(probe);
            } catch (Exception e) {
                throw new IllegalStateException("the data directory takes no write");
            }
            return "writable";
        }));
        checks.add(new ReadinessCheck("store", () -> {
            try {
                store.probeWritable();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the database takes no write");
            }
            return "writable";
        }));
        return checks;
    }

    /**
     * A profile's certificate: UP with its days to expiry while it may sign, DOWN when it is revoked,
     * expired, or its status cannot be had (Decree 23/2025/ND-CP, Art. 15).
     */
    private static String profile(SigningRuntime rt, String name) {
        SigningCertificateCheck.Status status;
        try {
            status = rt.profileStatus(rt.profile(name));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the key of profile '" + name + "' cannot be opened");
        }
        if (!status.usable()) {
            throw new IllegalStateException(status.detail() + "; " + status.daysToExpiry() + " days to expiry");
        }
        return "certificate valid for " + status.daysToExpiry() + " more days; " + status.detail();
    }

    private static SigningRuntime require(Supplier<SigningRuntime> runtimeOrNull) {
        SigningRuntime rt = runtimeOrNull.get();
        if (rt == null) {
            throw new IllegalStateException("the signer is not built yet");
        }
        return rt;
    }
}
