package io.recorder.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard ({@code /}), the API reference ({@code /docs/}) and their assets, read from the classpath:
 * the pages under {@code console/}, the libraries from their webjars under {@code /webjars/}. The layout is
 * the one of the static build ({@code web-console/target/site}), so every page uses relative links and works
 * in both places.
 */
public final class ConsoleAssets {
    public static final String DASHBOARD = "/";
    public static final String REFERENCE = "/docs/";
    public static final String CONTRACT = "/docs/openapi.yaml";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "yaml", "application/yaml; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", "application/json; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8");

    /** A file to serve. */
    public record Asset(String contentType, byte[] body) {
    }

    private final ClassLoader loader;

    public ConsoleAssets() {
        this(ConsoleAssets.class.getClassLoader());
    }

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The asset at a request path, or empty (the caller then answers as the API would). */
    public Optional<Asset> find(String path) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("//") || path.contains("\\")) {
            return Optional.empty();
        }
        String resource;
        if (path.equals(DASHBOARD)) {
            resource = "console/index.html";
        } else if (path.equals(REFERENCE)) {
            resource = "console/docs/index.html";
        } else if (path.startsWith("/webjars/")) {
            resource = "META-INF/resources" + path;
        } else {
            resource = "console" + path;
        }
        String type = TYPES.get(extension(resource));
        if (type == null || resource.endsWith("/")) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " from the classpath", e);
        }
    }

    /** Where a path without its trailing slash should go ({@code /docs} → {@code /docs/}), so relative links resolve. */
    public Optional<String> redirect(String path) {
        return "/docs".equals(path) ? Optional.of(REFERENCE) : Optional.empty();
    }

    private static String extension(String resource) {
        int slash = resource.lastIndexOf('/');
        int dot = resource.lastIndexOf('.');
        return dot > slash ? resource.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
