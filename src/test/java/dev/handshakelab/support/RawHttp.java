package dev.handshakelab.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: for requests that java.net.http and
 * curl refuse to send ({@code {} in a path, {@code %zz} in a query, odd methods and headers),
 * which is exactly what a hostile client sends. Keeps the connection open between requests
 * while the server does, and opens a new one when it does not.
 */
public final class RawHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private final Map<String, String> defaults;

    public RawHttp(String host, int port) {
        this(host, port, Map.of());
    }

    /** A connection that adds {@code defaults} (credentials, say) to every request that does not set them. */
    public RawHttp(String host, int port, Map<String, String> defaults) {
        this.host = host;
        this.port = port;
        this.defaults = Map.copyOf(defaults);
    }

    /** One answer: status, headers with lower-case names, and the body as sent (de-chunked). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /**
     * Sends one request. {@code target} goes on the request line exactly as given; Host and
     * Content-Length are added unless the headers already have them.
     */
    public Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host + ":" + port);
        if (body != null) {
            all.put("Content-Length", String.valueOf(body.length));
        }
        all.putAll(defaults);
        all.putAll(headers);
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        byte[] request = concat(head.toString().getBytes(StandardCharsets.UTF_8), body == null ? new byte[0] : body);
        boolean reused = socket != null;
        try {
            return exchange(request, method);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            // the server closed a kept-alive connection between two requests: once more on a new one
            return exchange(request, method);
        }
    }

    private Response exchange(byte[] request, String method) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
        try {
            out.write(request);
            out.flush();
        } catch (java.net.SocketException closedEarly) {
            // A server may answer before it has read the whole request (413 for an oversize body) and
            // close (RFC 9112 section 9.6): the answer is then already waiting to be read below.
        }
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        byte[] body;
        if ("HEAD".equals(method) || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Response(status, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used by this server
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = bytes.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
