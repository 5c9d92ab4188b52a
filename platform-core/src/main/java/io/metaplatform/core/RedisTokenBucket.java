package io.metaplatform.core;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Buckets in Redis, shared by every server instance. One Lua script reads, refills and takes
 * atomically, on the Redis server's clock ({@code TIME}), so instances whose clocks disagree still
 * share one budget. Idle buckets expire (a bucket idle for a period is full anyway).
 */
final class RedisTokenBucket implements PermitBucket {

    // Times in microseconds; Lua numbers are doubles, exact up to 2^53 µs (285 years). '%.0f' keeps
    // every digit where tostring() would round to 14.
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            if now > at then
              tokens = math.min(capacity, tokens + (now - at) * capacity / period)
              at = now
            end
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) * period / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.0f', at))
            redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000) * 2 + 1000)
            return wait
            """;

    private final RedisCommands<String, String> redis;
    private final String sha;

    RedisTokenBucket(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
        this.sha = redis.digest(SCRIPT);
    }

    @Override
    public Duration take(String key, int permits, Duration period) {
        String[] keys = {key};
        String capacity = Integer.toString(permits);
        String micros = Long.toString(Math.max(1, period.toNanos() / 1000));
        Long wait;
        try {
            wait = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, capacity, micros);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(SCRIPT);
            wait = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, capacity, micros);
        }
        return Duration.ofNanos(wait * 1000);
    }
}
