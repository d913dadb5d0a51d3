package vn.signdesk.load.http;

import java.util.function.LongFunction;

/**
 * A load scenario: a name and the request to send as the {@code n}-th of a run, so that a mix can
 * interleave kinds of requests deterministically.
 *
 * @param id short identifier used on the command line and in the report, e.g. {@code verify-1p}
 * @param title what the scenario does, for the report
 * @param calls the {@code n}-th request of a run, for n = 0, 1, 2, ...; must be thread-safe
 */
record Scenario(String id, String title, LongFunction<Call> calls) {

    /** The same request every time. */
    static Scenario of(String id, String title, Call call) {
        return new Scenario(id, title, n -> call);
    }
}
