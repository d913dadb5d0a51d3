package vn.signdesk.api;

import java.time.Clock;
import java.util.Arrays;
import vn.signdesk.api.cli.Cli;

/** The entry point of {@code signdesk.jar}: the command line, whose {@code serve} starts the service. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = new Cli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(Arrays.asList(args));
        System.out.flush();
        System.exit(code);
    }
}
