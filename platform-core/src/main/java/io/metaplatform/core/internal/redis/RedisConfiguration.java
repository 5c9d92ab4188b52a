package io.metaplatform.core.internal.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.metaplatform.core.SharedRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean
    LettuceRedis sharedRedis(@Value("${platform.redis.url:}") String url) {
        return LettuceRedis.connect(url);
    }

    @Bean
    AbstractHealthIndicator redisHealthIndicator(LettuceRedis redis) {
        return new AbstractHealthIndicator("Redis health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Optional<StatefulRedisConnection<String, String>> connection = redis.connection();
                if (connection.isEmpty()) {
                    builder.up().withDetail("mode", "single-instance");
                    return;
                }
                String pong = connection.get().sync().ping();
                builder.status("PONG".equals(pong) ? "UP" : "DOWN").withDetail("mode", "shared");
            }
        };
    }

    /**
     * With {@code PLATFORM_REDIS_URL} set, that Redis is used (Lettuce reconnects on its own when it goes
     * away, and health reports it). Without it, a Redis on 127.0.0.1:6379 is used when one answers;
     * otherwise the server runs as a single instance and says so once.
     */
    static final class LettuceRedis implements SharedRedis, DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(LettuceRedis.class);
        private static final String LOCAL = "redis://127.0.0.1:6379";

        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
        private StatefulRedisPubSubConnection<String, String> pubSub;

        private LettuceRedis(RedisClient client, StatefulRedisConnection<String, String> connection) {
            this.client = client;
            this.connection = connection;
        }

        static LettuceRedis connect(String configuredUrl) {
            boolean configured = configuredUrl != null && !configuredUrl.isBlank();
            if (!configured && !localAnswers()) {
                log.info("No Redis configured (PLATFORM_REDIS_URL) and none at 127.0.0.1:6379: running as a single instance;"
                        + " caches and rate limits stay in this process.");
                return new LettuceRedis(null, null);
            }
            RedisURI uri = RedisURI.create(configured ? configuredUrl : LOCAL);
            uri.setTimeout(Duration.ofSeconds(2));
            RedisClient client = RedisClient.create(uri);
            StatefulRedisConnection<String, String> connection = client.connect();
            log.info("Using Redis at {}:{} for state shared between server instances", uri.getHost(), uri.getPort());
            return new LettuceRedis(client, connection);
        }

        private static boolean localAnswers() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 6379), 300);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public Optional<StatefulRedisConnection<String, String>> connection() {
            return Optional.ofNullable(connection);
        }

        // One pub/sub connection for all subscriptions; Lettuce re-subscribes by itself after a reconnect.
        @Override
        public synchronized boolean subscribe(String channel, Consumer<String> listener) {
            if (client == null) {
                return false;
            }
            if (pubSub == null) {
                pubSub = client.connectPubSub();
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        listeners.getOrDefault(from, List.of()).forEach(each -> each.accept(message));
                    }
                });
            }
            boolean first = !listeners.containsKey(channel);
            listeners.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(listener);
            if (first) {
                pubSub.sync().subscribe(channel);
            }
            return true;
        }

        @Override
        public synchronized void destroy() {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
                client.shutdown();
            }
        }
    }
}
