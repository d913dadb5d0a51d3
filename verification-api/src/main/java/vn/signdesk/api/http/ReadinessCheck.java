package vn.signdesk.api.http;

import java.util.concurrent.Callable;

/**
 * One check of {@code GET /health/ready}: a name, and a probe that returns a short detail when the
 * part works and throws when it does not. Probes run off the event loop and may block briefly (a
 * file write, a database ping, a timestamp); they are given {@link ReportHealthHandler#CHECK_TIMEOUT}.
 * A detail or an exception message is shown to anyone who asks, so it names no path, alias or secret.
 *
 * @param name the key of the check in the JSON answer, e.g. {@code store}
 * @param probe returns a detail when up, throws when down
 */
record ReadinessCheck(String name, Callable<String> probe) {}
