package io.recorder.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recorder.console.ConsoleAssets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard and the API reference beside the emulated API, on the same origin (so the pages need no
 * CORS). GET and HEAD of a console path are answered here; everything else goes to the gateway emulator,
 * which answers unknown paths as API Gateway does. The pages never contain the API key: it is typed into
 * the page and kept in the browser.
 */
final class ConsoleSite implements HttpHandler {
    /** The contract's local server entry, rewritten to the origin the page was loaded from ("try it out"). */
    private static final String CONTRACT_LOCAL_SERVER = "url: http://127.0.0.1:3000";
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1]):[0-9]{1,5}");
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' http: https:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ConsoleAssets assets;
    private final HttpHandler gateway;
    private final ApiGatewayEmulator.AccessLog accessLog;
    private final long keepAliveSeconds;

    /** {@code keepAliveSeconds}: announced as the gateway emulator does (ADR 0010), below the server's idle timeout. */
    ConsoleSite(ConsoleAssets assets, HttpHandler gateway, ApiGatewayEmulator.AccessLog accessLog, long keepAliveSeconds) {
        this.assets = assets;
        this.gateway = gateway;
        this.accessLog = accessLog;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        boolean read = method.equals("GET") || method.equals("HEAD");
        Optional<String> redirect = read ? assets.redirect(path) : Optional.empty();
        Optional<ConsoleAssets.Asset> asset = read && redirect.isEmpty() ? assets.find(path) : Optional.empty();
        if (redirect.isEmpty() && asset.isEmpty()) {
            gateway.handle(exchange);
            return;
        }
        long started = System.nanoTime();
        int status;
        try {
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=" + keepAliveSeconds);
            if (redirect.isPresent()) {
                exchange.getResponseHeaders().set("Location", redirect.get());
                exchange.sendResponseHeaders(status = 301, -1);
            } else {
                byte[] body = path.equals(ConsoleAssets.CONTRACT) ? withLocalServer(asset.get().body(), exchange) : asset.get().body();
                exchange.getResponseHeaders().set("Content-Type", asset.get().contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                boolean head = method.equals("HEAD");
                exchange.sendResponseHeaders(status = 200, head ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        } finally {
            exchange.close();
        }
        accessLog.request("console", method, path, status, (System.nanoTime() - started) / 1000);
    }

    /** The contract with its local server set to this runtime's origin, as the browser reached it. */
    private static byte[] withLocalServer(byte[] contract, HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !LOOPBACK_HOST.matcher(host).matches()) {
            return contract;
        }
        return new String(contract, StandardCharsets.UTF_8).replace(CONTRACT_LOCAL_SERVER, "url: http://" + host)
                .getBytes(StandardCharsets.UTF_8);
    }
}
