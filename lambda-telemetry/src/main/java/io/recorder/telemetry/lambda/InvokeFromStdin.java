package io.recorder.telemetry.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Invokes a function jar the way the Lambda runtime would — the handler's no-arg constructor,
 * configuration from the environment — once, with the event JSON read from stdin; prints the
 * response. For checking the artifact itself:
 * {@code java -cp ingest-function-…-lambda.jar io.recorder.telemetry.lambda.InvokeFromStdin
 * io.recorder.ingest.IngestHandler payments-ingest < event.json}.
 */
public final class InvokeFromStdin {
    private InvokeFromStdin() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: InvokeFromStdin <RequestStreamHandler class> <function name> < event.json");
            System.exit(2);
        }
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = System.in) {
            handler.handleRequest(event, out, new LocalLambdaContext(args[1], "invoke-from-stdin"));
        }
        System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
    }
}
