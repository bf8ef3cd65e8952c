package io.recorder.http;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser origins may call the API, and the CORS headers that tell a browser so. None by default,
 * and never {@code *}: every request carries an API key, so only pages an operator named may read the
 * answers. The same rules are in openapi.yaml (the OPTIONS operations) and in infra's gateway mock
 * integration; the local runtime's gateway emulator answers preflights with {@link #preflightHeaders}.
 */
public record CorsPolicy(Set<String> allowedOrigins) {
    /** The functions' environment variable: comma-separated origins. */
    public static final String ENV = "CORS_ALLOWED_ORIGINS";
    /** Request headers a page may send besides the CORS-safelisted ones. */
    public static final String ALLOWED_HEADERS = "Content-Type, X-Api-Key, Idempotency-Key";
    /** Response headers a page may read besides the CORS-safelisted ones. */
    public static final String EXPOSED_HEADERS = "Location, Idempotent-Replayed, Retry-After, Next-Cursor";
    /** How long a browser may reuse a preflight answer. */
    public static final int MAX_AGE_SECONDS = 600;

    /** scheme://host[:port], nothing else: what a browser sends in {@code Origin}. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:.]+](:[0-9]{1,5})?");

    public CorsPolicy {
        allowedOrigins = Set.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!isOrigin(origin)) {
                throw new IllegalArgumentException("not an origin (scheme://host[:port], lower case, no path, no *): " + origin);
            }
        }
    }

    public static CorsPolicy none() {
        return new CorsPolicy(Set.of());
    }

    public static CorsPolicy of(Collection<String> origins) {
        return new CorsPolicy(Set.copyOf(origins));
    }

    /** From {@link #ENV}; absent or blank means no origin. */
    public static CorsPolicy fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(ENV, "");
        return of(value.isBlank() ? List.of() : List.of(value.strip().split("\\s*,\\s*")));
    }

    public static boolean isOrigin(String text) {
        return text != null && text.equals(text.toLowerCase(Locale.ROOT)) && ORIGIN.matcher(text).matches();
    }

    /** The request's Origin when it is one of the allowed ones (compared exactly, as browsers send it). */
    public Optional<String> allowed(Optional<String> origin) {
        return origin.filter(allowedOrigins::contains);
    }

    /** Headers for an actual (non-preflight) response to a request from {@code origin}. */
    public Map<String, String> responseHeaders(Optional<String> origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (allowedOrigins.isEmpty()) {
            return headers;
        }
        // The answer differs by Origin: caches must key on it.
        headers.put("Vary", "Origin");
        allowed(origin).ifPresent(o -> {
            headers.put("Access-Control-Allow-Origin", o);
            headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        });
        return headers;
    }

    /**
     * Headers for a preflight ({@code OPTIONS}) of a resource that serves {@code methods}, as the deployed
     * gateway's mock integration answers it: the methods and headers always, Access-Control-Allow-Origin
     * only for an allowed origin (without it the browser refuses the request).
     */
    public Map<String, String> preflightHeaders(Optional<String> origin, Collection<String> methods) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Methods", String.join(", ", methods));
        headers.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.put("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        headers.put("Vary", "Origin");
        allowed(origin).ifPresent(o -> headers.put("Access-Control-Allow-Origin", o));
        return headers;
    }

    /** {@code response} with the CORS headers for {@code request}'s origin added. */
    public ApiResponse decorate(ApiRequest request, ApiResponse response) {
        Map<String, String> extra = responseHeaders(request.header("Origin"));
        if (extra.isEmpty()) {
            return response;
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.putAll(extra);
        return new ApiResponse(response.statusCode(), headers, response.body());
    }
}
