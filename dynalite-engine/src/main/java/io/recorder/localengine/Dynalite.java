package io.recorder.localengine;

import io.recorder.dynamodb.DynamoDbClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite process (npm {@code dynalite}, Apache-2.0) on a free loopback port: in memory, or
 * persisted in a folder (one process per folder, enforced with a file lock). Ready means it answered a
 * real ListTables call, not merely that its port accepts connections. Closing stops it; if this JVM
 * dies, the process notices its stdin closing and exits too.
 */
public final class Dynalite implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern OPEN_ITERATORS = Pattern.compile("\"open\":(\\d+)");

    private final Process process;
    private final URI endpoint;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Dynalite(Process process, URI endpoint, FileChannel lockChannel, FileLock lock) {
        this.process = process;
        this.endpoint = endpoint;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** An in-memory engine: for tests. */
    public static Dynalite inMemory() {
        return start(Optional.empty(), true);
    }

    /** An engine persisting to {@code dataDir}; fails if another process already serves that folder. */
    public static Dynalite persistent(Path dataDir) {
        return start(Optional.of(dataDir), true);
    }

    /**
     * dynalite as npm ships it, without the launcher's fix for its iterator leak: only to reproduce the
     * leak (tests and {@code scripts/engine-load.sh}); never for data you care about.
     */
    public static Dynalite leakingIterators(Optional<Path> dataDir) {
        return start(dataDir, false);
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return DynamoDbClients.local(endpoint);
    }

    public long pid() {
        return process.pid();
    }

    /**
     * How many LevelDB iterators the engine holds open right now (each pins a snapshot): 0 when idle.
     * Served by the launcher beside the DynamoDB API.
     */
    public int openIterators() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/_engine/iterators").toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(5_000);
            try (InputStream in = connection.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Matcher open = OPEN_ITERATORS.matcher(body);
                if (connection.getResponseCode() != 200 || !open.find()) {
                    throw new IllegalStateException("unexpected engine diagnostics answer: " + body);
                }
                return Integer.parseInt(open.group(1));
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the engine's open iterators", e);
        }
    }

    private static Dynalite start(Optional<Path> dataDir, boolean closeIterators) {
        Path module = locateModule();
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            List<String> command = new ArrayList<>(List.of(node(), launcher().toString(), module.toString(), "0"));
            if (dataDir.isPresent()) {
                Path dir = dataDir.get().toAbsolutePath();
                Files.createDirectories(dir);
                lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = lockChannel.tryLock();
                if (lock == null) {
                    lockChannel.close();
                    throw new IllegalStateException("another local runtime is already using " + dir + " (stop it first)");
                }
                command.add(dir.resolve("dynalite").toString());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (!closeIterators) {
                builder.environment().put("RECORDER_ENGINE_LEAK_ITERATORS", "1");
            }
            Process process = builder.start();
            // Port 0: the engine picks a free port and tells us, so two starts can never race for one.
            URI endpoint = URI.create("http://127.0.0.1:" + announcedPort(process));
            Dynalite engine = new Dynalite(process, endpoint, lockChannel, lock);
            engine.awaitReady();
            return engine;
        } catch (IOException e) {
            release(lockChannel, lock);
            throw new UncheckedIOException("could not start dynalite (is Node.js 20+ installed and on PATH?)", e);
        } catch (RuntimeException e) {
            release(lockChannel, lock);
            throw e;
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        try (DynamoDbClient probe = client()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dynalite exited during startup (exit " + process.exitValue() + ")");
                }
                try {
                    probe.listTables(r -> r.limit(1));
                    return;
                } catch (SdkException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        close();
                        throw new IllegalStateException("dynalite did not answer within " + STARTUP_TIMEOUT, notYet);
                    }
                    sleep(50);
                }
            }
        }
    }

    private static int announcedPort(Process process) throws IOException {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int at = line.indexOf("listening on 127.0.0.1:");
            if (at >= 0) {
                Thread drain = new Thread(() -> reader.lines().forEach(ignored -> { }), "dynalite-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(at + "listening on 127.0.0.1:".length()).strip());
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("dynalite exited during startup: " + seen);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the launcher exits when its stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            release(lockChannel, lock);
        }
    }

    private static void release(FileChannel channel, FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the OS releases it with the process anyway
        }
    }

    /**
     * Finds {@code node_modules/dynalite} from the {@code recorder.home} system property or by walking
     * up from the working directory (Maven runs module tests from the module folder).
     */
    static Path locateModule() {
        String home = System.getProperty("recorder.home", System.getenv("RECORDER_HOME"));
        Path start = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules").resolve("dynalite");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("node_modules/dynalite not found above " + start
                + ": run `npm ci` in the repository root (Maven's build does it for you)");
    }

    private static Path launcher() throws IOException {
        Path script = Files.createTempFile("launch-dynalite", ".js");
        script.toFile().deleteOnExit();
        try (InputStream in = Dynalite.class.getResourceAsStream("launch-dynalite.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static String node() {
        return System.getenv().getOrDefault("NODE", "node");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
