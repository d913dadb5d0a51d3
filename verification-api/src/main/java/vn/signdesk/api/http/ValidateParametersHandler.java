package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the path, query and header parameters of a request against the OpenAPI document
 * ({@link ApiContract}) before its body is read; a request that does not match fails with a 400
 * problem of type {@code invalid-parameter} whose {@code parameter} and {@code in} members name
 * the parameter at fault.
 *
 * <p>Implementation notes. Vert.x's {@link RequestValidator} validates on a worker thread, so the
 * request is paused meanwhile and the body handler of the route resumes it. Operations without
 * parameters skip the validator. The validator's messages have the form "... query parameter
 * level ..."; the parameter is taken from there, and its value (which may be anything a client
 * sent) is not repeated.
 */
final class ValidateParametersHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateParametersHandler.class);
    private static final Pattern PARAMETER = Pattern.compile("\\b(query|path|header|cookie) parameter ([^\\s.]+)");
    private static final Pattern REASON = Pattern.compile("Reason: (.*)$");

    private final Future<OpenAPIContract> contract;
    private final Future<RequestValidator> validator;

    ValidateParametersHandler(Vertx vertx, ApiContract apiContract) {
        this.contract = apiContract.parametersOnly(vertx);
        this.validator = contract.map(c -> RequestValidator.create(vertx, c));
        contract.onFailure(e -> LOG.error("the OpenAPI document does not parse; parameters are not validated", e));
    }

    /** Completes when the contract is parsed; fails if the document is not valid OpenAPI. */
    Future<OpenAPIContract> contract() {
        return contract;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!validator.succeeded()) {
            // still parsing at start-up (a few ms), or broken: the routes' own checks still apply
            ctx.next();
            return;
        }
        Operation operation = contract.result()
                .findOperation(ctx.request().path(), ctx.request().method());
        if (operation == null || operation.getParameters().isEmpty()) {
            ctx.next();
            return;
        }
        ctx.request().pause();
        validator.result().validate(ctx.request(), operation.getOperationId()).onComplete(done -> {
            if (done.succeeded()) {
                ctx.next();
            } else {
                ctx.fail(toProblem(done.cause()));
            }
        });
    }

    static HttpProblem toProblem(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Matcher m = PARAMETER.matcher(message);
        if (!(failure instanceof ValidatorException) || !m.find()) {
            return HttpProblem.badRequest("the request does not match the API description");
        }
        String in = m.group(1);
        String name = m.group(2);
        String why;
        if (message.contains("does not contain the required")) {
            why = "is required";
        } else {
            Matcher reason = REASON.matcher(message);
            why = "is not valid" + (reason.find() ? ": " + reason.group(1) : "");
        }
        return new HttpProblem(
                400,
                "invalid-parameter",
                "A request parameter is not valid",
                "the " + in + " parameter '" + name + "' " + why + "; see /openapi.yaml",
                Map.of(),
                Map.of("parameter", name, "in", in));
    }
}
