package vn.signdesk.api.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Collects the warnings of Vert.x's blocked thread checker (logger {@value #CHECKER_LOGGER}) and
 * tells the event loops that were busy from those the operating system did not run.
 *
 * <p>Implementation notes. The checker measures wall time: on a machine whose load is ten times its
 * core count (this one, while other builds run), an event loop that is runnable but not scheduled
 * is reported as blocked although it does nothing wrong. So a sampler records each event loop's
 * CPU time every few milliseconds, and a warning counts as <em>busy</em> when the thread used at
 * least half the checker's limit on a CPU during the reported time: work on the loop. (A loop
 * spinning for 300 ms of wall time got less than a third of it on a CPU here.) Time spent waiting
 * is measured too (thread contention monitoring) and printed, but does not decide: here a worker
 * holding the worker pool's queue lock is itself descheduled for 100 ms and more, so a loop
 * waiting for that lock is the machine's load too. Blind spot: a blocking wait or blocking I/O on
 * the loop is not failed on; the printed warnings carry the stacks that show it.
 */
final class EventLoopWatch extends AppenderBase<ILoggingEvent> {

    static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

    private static final Pattern WARNING =
            Pattern.compile("Thread (\\S+) has been blocked for (\\d+) ms, time limit is (\\d+) ms");
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** One warning of the checker, with what the thread did meanwhile. */
    record Finding(
            String thread, long blockedMs, long limitMs, long cpuMs, long waitedMs, Thread.State state, String stack) {

        /** The loop computed: half the checker's limit on a CPU within one task is work, not noise. */
        boolean busy() {
            return cpuMs * 2 >= limitMs;
        }

        /** The loop waited: half the checker's limit parked, sleeping or waiting for a monitor. */
        boolean waiting() {
            return waitedMs * 2 >= limitMs;
        }

        @Override
        public String toString() {
            return thread + " blocked " + blockedMs + " ms: " + cpuMs + " ms on a CPU, " + waitedMs + " ms waiting, "
                    + state + stack;
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, ArrayDeque<long[]>> samples = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> idsByName = new ConcurrentHashMap<>();
    private final List<Finding> findings = new CopyOnWriteArrayList<>();
    private volatile boolean sampling = true;

    private EventLoopWatch() {}

    /** Attaches a watch to the checker's logger and starts sampling. */
    static EventLoopWatch attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger checker = context.getLogger(CHECKER_LOGGER);
        EventLoopWatch watch = new EventLoopWatch();
        watch.setContext(context);
        watch.setName("event-loop-watch");
        watch.start();
        checker.addAppender(watch);
        checker.setLevel(Level.WARN);
        ManagementFactory.getThreadMXBean().setThreadContentionMonitoringEnabled(true);
        Thread sampler = new Thread(watch::sample, "event-loop-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return watch;
    }

    /** Stops sampling and detaches from the logger. */
    void detach() {
        sampling = false;
        ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(CHECKER_LOGGER)
                .detachAppender(this);
        stop();
    }

    /** Every warning since the last {@link #clear()}. */
    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** The warnings that show an event loop computing, not merely descheduled. */
    List<Finding> busyLoops() {
        return findings.stream().filter(Finding::busy).toList();
    }

    void clear() {
        findings.clear();
    }

    @Override
    protected void append(ILoggingEvent event) {
        Matcher m = WARNING.matcher(event.getFormattedMessage());
        if (!m.find()) {
            return;
        }
        String name = m.group(1);
        long blockedMs = Long.parseLong(m.group(2));
        long limitMs = Long.parseLong(m.group(3));
        // several Vert.x instances name their threads alike: the blocked one is the one that ran
        Set<Long> ids = idsByName.getOrDefault(name, Set.of());
        long cpuMs = -1;
        long waitedMs = -1;
        Thread.State state = null;
        for (long id : ids) {
            long[] used = usedOver(id, TimeUnit.MILLISECONDS.toNanos(blockedMs));
            if (used[0] / 1_000_000 + used[1] > cpuMs + waitedMs) {
                cpuMs = used[0] / 1_000_000;
                waitedMs = used[1];
                ThreadInfo info = threads.getThreadInfo(id);
                state = info == null ? null : info.getThreadState();
            }
        }
        StringBuilder stack = new StringBuilder();
        if (event.getThrowableProxy() != null) {
            var frames = event.getThrowableProxy().getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(12, frames.length); i++) {
                stack.append("\n    ").append(frames[i].getSTEAsString());
            }
        }
        // unknown thread: count it as a block rather than explain it away
        findings.add(new Finding(
                name,
                blockedMs,
                limitMs,
                ids.isEmpty() ? blockedMs : cpuMs,
                Math.max(0, waitedMs),
                state,
                stack.toString()));
    }

    /** CPU nanoseconds and milliseconds waiting the thread spent during the last {@code spanNanos}. */
    private long[] usedOver(long id, long spanNanos) {
        long now = System.nanoTime();
        long[] current = usage(id, now);
        ArrayDeque<long[]> history = samples.get(id);
        if (history == null || history.isEmpty()) {
            return new long[] {current[1], current[2]};
        }
        synchronized (history) {
            long[] before = history.peekFirst();
            for (long[] s : history) {
                if (s[0] <= now - spanNanos) {
                    before = s;
                }
            }
            return new long[] {current[1] - before[1], current[2] - before[2]};
        }
    }

    /** {time, CPU nanoseconds, milliseconds blocked or waiting} of a thread now. */
    private long[] usage(long id, long now) {
        ThreadInfo info = threads.getThreadInfo(id);
        long waited = info == null ? 0 : Math.max(0, info.getBlockedTime()) + Math.max(0, info.getWaitedTime());
        return new long[] {now, threads.getThreadCpuTime(id), waited};
    }

    private void sample() {
        while (sampling) {
            long now = System.nanoTime();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!t.getName().startsWith("vert.x-eventloop-thread")) {
                    continue;
                }
                idsByName
                        .computeIfAbsent(t.getName(), k -> ConcurrentHashMap.newKeySet())
                        .add(t.getId());
                ArrayDeque<long[]> history = samples.computeIfAbsent(t.getId(), k -> new ArrayDeque<>());
                long[] usage = usage(t.getId(), now);
                synchronized (history) {
                    history.addLast(usage);
                    while (!history.isEmpty() && history.peekFirst()[0] < now - WINDOW_NANOS) {
                        history.removeFirst();
                    }
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static List<String> describe(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.toString()));
        return out;
    }
}
