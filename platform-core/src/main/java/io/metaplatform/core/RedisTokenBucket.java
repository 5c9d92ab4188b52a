package io.metaplatform.core;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Buckets in Redis, shared by every server instance. One Lua script reads, refills and takes
 * atomically, from one bucket or several in the same call (one round trip however many limits apply;
 * under Redis Cluster the keys of one call would need one hash slot), on the Redis server's clock
 * ({@code TIME}), so instances whose clocks disagree still share one budget. Idle buckets expire (a bucket idle for a period is full anyway).
 */
final class RedisTokenBucket implements PermitBucket {

    // KEYS: the buckets; ARGV: capacity and period of each, in the order of KEYS. Times in
    // microseconds; Lua numbers are doubles, exact up to 2^53 µs (285 years). '%.0f' keeps every digit
    // where tostring() would round to 14. A refused call stores the refill only: it takes nothing.
    static final String SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local tokens = {}
            local wait = 0
            for i, key in ipairs(KEYS) do
              local capacity = tonumber(ARGV[2 * i - 1])
              local period = tonumber(ARGV[2 * i])
              local state = redis.call('HMGET', key, 'tokens', 'at')
              local held = tonumber(state[1])
              local at = tonumber(state[2])
              if held == nil or at == nil then
                held = capacity
                at = now
              end
              if now > at then
                held = math.min(capacity, held + (now - at) * capacity / period)
              end
              tokens[i] = held
              if held < 1 then
                wait = math.max(wait, math.ceil((1 - held) * period / capacity))
              end
            end
            for i, key in ipairs(KEYS) do
              local held = tokens[i]
              if wait == 0 then
                held = held - 1
              end
              local period = tonumber(ARGV[2 * i])
              redis.call('HSET', key, 'tokens', string.format('%.6f', held), 'at', string.format('%.0f', now))
              redis.call('PEXPIRE', key, math.ceil(period / 1000) * 2 + 1000)
            end
            return wait
            """;

    private final RedisCommands<String, String> redis;
    private final String sha;

    RedisTokenBucket(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
        this.sha = redis.digest(SCRIPT);
    }

    @Override
    public Duration takeAll(List<TokenBuckets.Limit> limits) {
        String[] keys = new String[limits.size()];
        String[] args = new String[limits.size() * 2];
        for (int i = 0; i < keys.length; i++) {
            TokenBuckets.Limit limit = limits.get(i);
            keys[i] = limit.key();
            args[2 * i] = Integer.toString(limit.permits());
            args[2 * i + 1] = Long.toString(Math.max(1, limit.period().toNanos() / 1000));
        }
        Long wait;
        try {
            wait = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(SCRIPT);
            wait = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        }
        return Duration.ofNanos(wait * 1000);
    }
}
