package vn.signdesk.load.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * One HTTP request of a scenario, with the check its response must pass: a {@code POST} of a
 * prepared body to a path, optionally with a bearer key.
 *
 * @param kind short name of the request in error samples, e.g. {@code sign}
 * @param path path and query, e.g. {@code /v1/sign?profile=department-seal&level=B-B}
 * @param contentType media type of the body
 * @param body the request body, shared by every request of the same kind (never modified)
 * @param bearerOrNull the API key, or null for an open route
 * @param check what a successful response looks like
 */
record Call(String kind, String path, String contentType, Buffer body, String bearerOrNull, Check check) {

    /** What makes a response a success; anything else counts as an error. */
    @FunctionalInterface
    interface Check {
        /** Null when the response is what was asked for, otherwise a short description of what is wrong. */
        String problemOrNull(HttpResponse<Buffer> response);
    }

    /** A 200 with a PDF larger than the one sent: a signed document. */
    static Check signedPdf(int inputLength) {
        return r -> {
            String status = statusProblemOrNull(r, "application/pdf");
            if (status != null) {
                return status;
            }
            Buffer b = r.body();
            if (b == null
                    || b.length() <= inputLength
                    || !b.getString(0, 5, "US-ASCII").equals("%PDF-")) {
                return "200 without a signed PDF";
            }
            return null;
        };
    }

    /** A 200 JSON verification report whose verdict is {@code TOTAL_PASSED}. */
    static Check passedReport() {
        return r -> {
            String status = statusProblemOrNull(r, "application/json");
            if (status != null) {
                return status;
            }
            String verdict;
            try {
                verdict = r.body() == null ? null : new JsonObject(r.body()).getString("verdict");
            } catch (RuntimeException e) {
                return "200 with a body that is not a JSON report";
            }
            return "TOTAL_PASSED".equals(verdict) ? null : "200 with verdict " + verdict;
        };
    }

    /** A 200 {@code TimeStampResp} whose status is granted or grantedWithMods (RFC 3161 §2.4.2). */
    static Check grantedTimestamp() {
        return r -> {
            String status = statusProblemOrNull(r, "application/timestamp-reply");
            if (status != null) {
                return status;
            }
            int pkiStatus = TimestampQueries.pkiStatus(
                    r.body() == null ? new byte[0] : r.body().getBytes());
            return pkiStatus == 0 || pkiStatus == 1 ? null : "TimeStampResp status " + pkiStatus;
        };
    }

    private static String statusProblemOrNull(HttpResponse<Buffer> r, String mediaType) {
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode();
        }
        String type = r.getHeader("Content-Type");
        if (type == null || !type.startsWith(mediaType)) {
            return "200 with Content-Type " + type;
        }
        return null;
    }
}
