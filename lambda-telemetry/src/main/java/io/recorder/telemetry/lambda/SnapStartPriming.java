package io.recorder.telemetry.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * SnapStart priming (ADR 0601): before the snapshot is taken, a function runs its own request path —
 * never writing — so a restored environment starts with those classes loaded and initialised instead
 * of paying for them on its first request. Each function says what its requests are
 * ({@link #primeRequests}); this class holds what they share: registration, the rule that priming
 * never fails the checkpoint (and so never the deployment), the EMF document serialized but not
 * printed, and the Lambda context the runtime would pass.
 */
public abstract class SnapStartPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** Not a possible API Gateway key id (those are alphanumeric), so a key lookup finds nothing. */
    public static final String IMPOSSIBLE_API_KEY_ID = "snapstart#priming#no-such-key";
    /** The client priming acts for: it owns nothing, and priming never writes for it. */
    public static final String PRIMING_CLIENT = "snapstart-priming";

    /** CRaC holds registered resources weakly: these references keep the registered ones alive. */
    private static final Map<Class<?>, SnapStartPriming> REGISTERED = new ConcurrentHashMap<>();

    /**
     * Registers priming with the CRaC context, for a handler built by the Lambda runtime: its no-arg
     * constructor calls this, the constructor the local runtime and tests use does not.
     */
    public static void register(SnapStartPriming priming) {
        REGISTERED.put(priming.getClass(), priming);
        Core.getGlobalContext().register(priming);
    }

    /**
     * The registered priming of that type, for running it where there is no checkpoint (benchmarks, a
     * CRaC-less JVM): empty when no handler was built by the Lambda runtime's constructor.
     */
    public static <P extends SnapStartPriming> Optional<P> registered(Class<P> type) {
        return Optional.ofNullable(type.cast(REGISTERED.get(type)));
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to reopen: the URL-connection client opens connections per request as needed.
    }

    /** Runs the priming requests; returns whether they all answered as designed. Never throws. */
    public final boolean prime() {
        try {
            boolean expected = primeRequests();
            serializeMetrics();
            return expected;
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming failed; the first request will be slower", e);
            return false;
        }
    }

    /**
     * The function's requests, read-only. Returns whether each answered as designed, having logged a
     * warning for any that did not.
     */
    protected abstract boolean primeRequests() throws Exception;

    /** Calls the handler as the runtime would, with {@link #lambdaContext}; returns the response it wrote. */
    protected static InputStream invoke(RequestStreamHandler handler, InputStream event, String defaultFunctionName)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, lambdaContext(defaultFunctionName));
        return new ByteArrayInputStream(out.toByteArray());
    }

    /** The context the runtime passes, so Powertools' logging initializes with one as on a real request. */
    protected static Context lambdaContext(String defaultFunctionName) {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return new LocalLambdaContext(name == null ? defaultFunctionName : name, "snapstart-priming");
    }

    /**
     * The EMF document a flush would print, built and serialized but not printed: no metric is emitted.
     * Also resolves EMF's environment (Lambda: stdout), which it caches for the life of the process.
     */
    private static void serializeMetrics() throws Exception {
        MetricsContext metrics = new MetricsContext();
        metrics.putMetric("SnapStartPriming", 1, Unit.COUNT);
        metrics.serialize();
        new EnvironmentProvider().resolveEnvironment().get(2, TimeUnit.SECONDS);
    }
}
