package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.EgressDeniedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Sends connectors' {@link HttpRequest}s under the {@link EgressPolicy}: the only way a connector's
 * request, or an OAuth token request, leaves the platform.
 *
 * <p>Why not {@link HttpClient}: it resolves host names itself and offers no hook between resolving
 * and connecting, so a check before sending would leave a window in which DNS could answer an
 * internal address (rebinding). Here the transport is Apache HttpClient, whose {@link DnsResolver}
 * is the policy: the addresses a socket is opened to are exactly the ones the policy checked, while
 * the request keeps its host name for the {@code Host} header, TLS SNI and certificate checks.
 * Redirects are followed here (at most {@code maxRedirects} hops, GET and HEAD only, or a 303), each
 * hop checked like the first; credentials are not sent to another origin. No proxy is used.
 *
 * <p>Every answer is bounded: {@code maxResponseSize} bytes (refused as they stream in, or at once
 * from {@code Content-Length}) and {@code maxCallDuration} from sending until the last byte is read.
 * Thread-safe.
 */
@Component
@EnableConfigurationProperties({ConnectorHttpSettings.class, EgressSettings.class})
public final class EgressClient implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final int CHUNK = 16 * 1024;

    private final EgressPolicy policy;
    private final CloseableHttpClient client;
    private final Duration defaultTimeout;
    private final long maxResponseSize;
    private final Duration maxCallDuration;
    private final int maxRedirects;

    @Autowired
    public EgressClient(EgressSettings egress, ConnectorHttpSettings settings) {
        this(egress.policy(), settings, egress.maxRedirects());
    }

    public EgressClient(EgressPolicy policy, ConnectorHttpSettings settings, int maxRedirects) {
        this.policy = policy;
        this.defaultTimeout = settings.requestTimeout();
        this.maxResponseSize = settings.maxResponseSize().toBytes();
        this.maxCallDuration = settings.maxCallDuration();
        this.maxRedirects = maxRedirects;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckingResolver(policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Metaplatform-Connector")
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setDefaultRequestConfig(RequestConfig.custom().setProtocolUpgradeEnabled(false).build())
                .build();
    }

    /** The policy requests are sent under, for checking URLs before any request exists. */
    public EgressPolicy policy() {
        return policy;
    }

    /**
     * Sends {@code request} and reads its answer with {@code handler}, like {@link HttpClient#send}.
     *
     * @throws EgressDeniedException when the request or a redirect aims at a host the policy refuses; nothing was sent there
     * @throws ConnectorException    when the answer is larger than the limit
     * @throws IOException           when no answer arrived (connection refused, timeout, unknown host)
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxCallDuration.toNanos();
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            EgressPolicy.host(current.uri());
            Exchange exchange = execute(current);
            Optional<HttpRequest> next;
            try {
                next = hop < maxRedirects ? redirect(current, exchange.response()) : Optional.empty();
            } catch (RuntimeException e) {
                exchange.abort();
                throw e;
            }
            if (next.isEmpty()) {
                return read(current, exchange, handler, deadline);
            }
            exchange.abort();
            current = next.get();
        }
    }

    /** A request on its way and its answer. */
    private record Exchange(HttpUriRequestBase request, ClassicHttpResponse response) {

        /** Drops the connection: closing an answer that was not read to its end would read the rest first, forever for an endless one. */
        void abort() {
            request.cancel();
            try {
                response.close();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }

    private Exchange execute(HttpRequest request) throws IOException, InterruptedException {
        var outgoing = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().map().forEach((name, values) -> values.forEach(value -> outgoing.addHeader(name, value)));
        Optional<byte[]> body = body(request);
        body.ifPresent(bytes -> outgoing.setEntity(new ByteArrayEntity(bytes, null)));
        Duration timeout = request.timeout().orElse(defaultTimeout);
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
                .setProtocolUpgradeEnabled(false).build());
        try {
            return new Exchange(outgoing, client.executeOpen(null, outgoing, context));
        } catch (IOException e) {
            Optional<EgressDeniedException> denied = egressDenied(e);
            if (denied.isPresent()) {
                throw denied.get();
            }
            throw e;
        } catch (RuntimeException e) {
            throw egressDenied(e).map(RuntimeException.class::cast).orElse(e);
        }
    }

    /** The refusal behind an exception the transport wrapped, if it is one. */
    private static Optional<EgressDeniedException> egressDenied(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof EgressDeniedException denied) {
                return Optional.of(denied);
            }
        }
        return Optional.empty();
    }

    /** The request a redirect answer leads to, or empty when it is to be returned as it is. */
    private Optional<HttpRequest> redirect(HttpRequest request, ClassicHttpResponse response) {
        int status = response.getCode();
        Header location = response.getFirstHeader("Location");
        if (!REDIRECTS.contains(status) || location == null) {
            return Optional.empty();
        }
        boolean safe = request.method().equals("GET") || request.method().equals("HEAD");
        if (!safe && status != 303) {
            return Optional.empty();
        }
        URI target;
        try {
            target = request.uri().resolve(location.getValue());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Checked before the redirect is followed too, so a target java.net.http cannot even address is refused, not returned.
        policy.check(target);
        boolean sameOrigin = sameOrigin(request.uri(), target);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request,
                (name, value) -> sameOrigin || !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
        try {
            builder.uri(target);
        } catch (IllegalArgumentException e) {
            // a location java.net.http cannot address (no host it can parse): the policy has already judged its host
            return Optional.empty();
        }
        if (status == 303 && !request.method().equals("HEAD")) {
            builder.GET();
        }
        return Optional.of(builder.build());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private <T> HttpResponse<T> read(HttpRequest request, Exchange exchange, HttpResponse.BodyHandler<T> handler,
            long deadline) throws IOException, InterruptedException {
        ClassicHttpResponse response = exchange.response();
        HttpHeaders headers = headers(response);
        HttpEntity entity = response.getEntity();
        if (entity != null && !request.method().equals("HEAD") && entity.getContentLength() > maxResponseSize) {
            exchange.abort();
            throw tooLarge(request);
        }
        HttpResponse.ResponseInfo info = new Info(response.getCode(), headers);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        InputStream content = entity == null ? InputStream.nullInputStream() : entity.getContent();
        new Feed(content, exchange, subscriber, maxResponseSize, deadline, request).start();
        T body;
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            body = subscriber.getBody().toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            exchange.abort();
            throw rethrown(e.getCause());
        } catch (TimeoutException e) {
            exchange.abort();
            throw new IOException("the answer took longer than " + maxCallDuration);
        }
        return new Response<>(response.getCode(), request, headers, body);
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause);
    }

    private ConnectorException tooLarge(HttpRequest request) {
        return new ConnectorException("The answer of " + ResilientHttp.describe(request) + " is larger than the limit of "
                + maxResponseSize / (1024 * 1024) + " MB; nothing more was read.");
    }

    private static HttpHeaders headers(ClassicHttpResponse response) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            map.computeIfAbsent(header.getName(), ignored -> new ArrayList<>()).add(header.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    /** The request body, read from its publisher (connector request bodies are small); empty for none. */
    private static Optional<byte[]> body(HttpRequest request) throws IOException, InterruptedException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return Optional.empty();
        }
        var collected = new ByteArrayOutputStream();
        var done = new CompletableFuture<Void>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                collected.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the request body could not be read", e);
        }
        return Optional.of(collected.toByteArray());
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** The policy as the transport's resolver: connections open only to addresses it checked. */
    private record CheckingResolver(EgressPolicy policy) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return policy.addresses(host);
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body) implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /**
     * Feeds the answer's bytes to the handler's subscriber as it asks for them, on the thread that asks
     * (the caller's, for a body read as a stream), and fails it when the answer passes the size or time limit.
     */
    private final class Feed implements Flow.Subscription {
        private final InputStream content;
        private final Exchange exchange;
        private final HttpResponse.BodySubscriber<?> subscriber;
        private final long limit;
        private final long deadline;
        private final HttpRequest request;
        private long demand;
        private long read;
        private boolean feeding;
        private volatile boolean finished;

        Feed(InputStream content, Exchange exchange, HttpResponse.BodySubscriber<?> subscriber, long limit, long deadline,
                HttpRequest request) {
            this.content = content;
            this.exchange = exchange;
            this.subscriber = subscriber;
            this.limit = limit;
            this.deadline = deadline;
            this.request = request;
        }

        void start() {
            subscriber.onSubscribe(this);
        }

        @Override
        public synchronized void request(long n) {
            if (finished) {
                return;
            }
            if (n <= 0) {
                fail(new IllegalArgumentException("a subscriber must request at least one item"));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (feeding) {
                return;
            }
            feeding = true;
            try {
                while (demand > 0 && !finished) {
                    demand--;
                    next();
                }
            } finally {
                feeding = false;
            }
        }

        private void next() {
            byte[] chunk = new byte[CHUNK];
            int count;
            try {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the answer took longer than " + maxCallDuration);
                }
                count = content.read(chunk);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (count < 0) {
                finish(true);
                subscriber.onComplete();
                return;
            }
            read += count;
            if (read > limit) {
                fail(tooLarge(request));
                return;
            }
            subscriber.onNext(List.of(ByteBuffer.wrap(chunk, 0, count)));
        }

        @Override
        public void cancel() {
            finish(false);
        }

        private void fail(Throwable error) {
            finish(false);
            subscriber.onError(error);
        }

        /** Returns the connection to the pool after a complete answer, else drops it. */
        private void finish(boolean complete) {
            if (finished) {
                return;
            }
            finished = true;
            if (!complete) {
                exchange.abort();
                return;
            }
            try {
                exchange.response().close();
            } catch (IOException e) {
                // the connection is discarded instead of reused
            }
        }
    }
}
