package io.metaplatform.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: any method, a raw request
 * target (bad percent-encoding, NUL bytes), any header bytes and a body that disagrees with its headers.
 * One connection per request ({@code Connection: close}); the answer is read until the server closes.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A request as written on the wire; {@code headers} in order, {@code body} may be null (no body, no Content-Length). */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

        /** Readable for a failure message: at most 300 characters of the body. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 300)).append('\n');
            headers.forEach(header -> text.append(header.getKey()).append(": ").append(abbreviate(header.getValue(), 200)).append('\n'));
            if (body != null) {
                text.append('\n').append(abbreviate(new String(body, StandardCharsets.UTF_8), 300))
                        .append(" (").append(body.length).append(" bytes)");
            }
            return text.toString();
        }
    }

    record Response(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    Response send(Request request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            write(socket.getOutputStream(), request);
            // A body shorter than its Content-Length ends here instead of keeping the server waiting.
            socket.shutdownOutput();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 20 s to:\n" + request, e);
        } catch (IOException e) {
            throw new UncheckedIOException("request failed:\n" + request, e);
        }
    }

    private static void write(OutputStream out, Request request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        head.writeBytes("Host: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> header : request.headers()) {
            head.writeBytes((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean chunked = request.headers().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Transfer-Encoding"));
        if (request.body() != null && !chunked && request.headers().stream().noneMatch(header -> header.getKey().equalsIgnoreCase("Content-Length"))) {
            head.writeBytes(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(head.toByteArray());
        try {
            if (request.body() != null) {
                out.write(chunked ? chunk(request.body()) : request.body());
            } else if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException refusedEarly) {
            // The server may answer (413, 400) and close before reading a body: its answer is what counts.
        }
    }

    private static byte[] chunk(byte[] body) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 1_000) {
            int size = Math.min(1_000, body.length - at);
            chunks.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, at, size);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunks.toByteArray();
    }

    private static Response read(InputStream in) throws IOException {
        byte[] raw;
        try {
            raw = in.readAllBytes();
        } catch (java.net.SocketException reset) {
            raw = new byte[0];
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            // The connection was closed without an answer: not a 5xx, but worth knowing.
            return new Response(0, Map.of(), text);
        }
        List<String> lines = new ArrayList<>(List.of(text.substring(0, headEnd).split("\r\n")));
        int status = Integer.parseInt(lines.removeFirst().substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String body = text.substring(headEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the fuzz answers are ASCII JSON, where bytes and chars agree.
            int start = lineEnd + 2;
            body.append(chunked, start, Math.min(chunked.length(), start + size));
            at = start + size + 2;
        }
        return body.toString();
    }

    private static String abbreviate(String text, int max) {
        String visible = text.replace("\u0000", "\\0");
        return visible.length() <= max ? visible : visible.substring(0, max) + "…";
    }
}
