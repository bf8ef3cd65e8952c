package io.recorder.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One pooled HTTP/1.1 connection as Node's keep-alive agent (Prism's upstream client) uses it: the
 * next request goes on the same socket unless the last response said {@code Connection: close}, and a
 * request that fails on a reused socket is not retried. Bodies are read by Content-Length, which is
 * how the local runtime always answers.
 */
final class KeepAliveConnection implements AutoCloseable {
    /** An answer, or {@code status} -1 with the failure a client would report (ECONNRESET, EOF). */
    record Answer(int status, Map<String, String> headers, String body, String failure) {
        static Answer failed(String failure) {
            return new Answer(-1, Map.of(), "", failure);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private int socketsOpened;

    KeepAliveConnection(int port) {
        this.port = port;
    }

    int socketsOpened() {
        return socketsOpened;
    }

    Answer send(String method, String path, Map<String, String> headers, byte[] body) {
        try {
            if (socket == null) {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(60_000);
                in = new BufferedInputStream(socket.getInputStream());
                socketsOpened++;
            }
            List<String[]> headerList = headers.entrySet().stream().map(h -> new String[] {h.getKey(), h.getValue()}).toList();
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.request(port, method, path, "keep-alive", headerList, body));
            out.flush();
            Answer answer = read(in);
            if ("close".equalsIgnoreCase(answer.header("Connection"))) {
                close();
            }
            return answer;
        } catch (IOException e) {
            close();
            return Answer.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return Answer.failed("EOF: the server closed the connection without an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8), null);
    }

    /** A CRLF-terminated line, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
            socket = null;
        }
    }
}
