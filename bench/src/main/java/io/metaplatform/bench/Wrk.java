package io.metaplatform.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The load driver in a process of its own: {@code wrk} (Debian's package {@code wrk}), one thread and one keep-alive
 * connection per client, driven by a generated Lua script that cycles each client over the tenants' requests and
 * records every answer's latency, whether it failed (not 200, or GraphQL errors) and its {@code X-Sql-*} headers.
 * Measured from outside, the server's JVM carries only the server (the JVM driver's threads, garbage and pauses
 * counted in the server's figures and, beside it, in its latencies).
 *
 * <p>At a fixed rate each client has slots {@code clients / rate} seconds apart; a request's latency runs from its
 * slot when it is sent late (a stall delays the following requests and counts in their latency: no coordinated
 * omission), from its sending when wrk's millisecond timer sends it up to a millisecond early.
 */
final class Wrk {

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    /** The wrk on the PATH; empty when there is none. */
    static Optional<Wrk> find() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "wrk")).filter(Files::isExecutable).findFirst().map(Wrk::new);
    }

    /**
     * Sends the calls (the i-th client starts at the i-th and cycles) from {@code clients} connections for
     * {@code seconds}: as fast as the answers come when {@code rate} is 0, else at {@code rate} requests per second in all.
     */
    LoadDriver.Result run(List<LoadDriver.Call> calls, List<Boolean> large, int clients, double rate, int seconds)
            throws IOException, InterruptedException {
        int port = calls.getFirst().port();
        if (calls.stream().anyMatch(call -> call.port() != port)) {
            throw new IllegalArgumentException("one wrk run sends to one server");
        }
        Path work = Files.createTempDirectory("graphql-bench-wrk");
        try {
            Path script = work.resolve("calls.lua");
            Path answers = work.resolve("answers.txt");
            long interval = rate > 0 ? Math.round(clients * 1e6 / rate) : 0;
            Files.writeString(script, script(calls, large, port, clients, interval, answers));
            Path output = work.resolve("output.txt");
            Process process = new ProcessBuilder(executable.toString(), "-t", Integer.toString(clients), "-c", Integer.toString(clients),
                    "-d", seconds + "s", "--timeout", "60s", "-s", script.toString(), "http://127.0.0.1:" + port + calls.getFirst().path())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not finish");
            }
            if (process.exitValue() != 0 || !Files.exists(answers)) {
                throw new IllegalStateException("wrk failed (" + process.exitValue() + "):\n" + Files.readString(output));
            }
            return result(Files.readAllLines(answers));
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /**
     * The answers file: a first line "seconds failures", then one line per answer "large micros statements transactions
     * late", late being how many microseconds after its slot the request was sent (0 in a closed loop).
     */
    private static LoadDriver.Result result(List<String> lines) {
        String[] head = lines.getFirst().split(" ");
        LoadDriver.Tally tally = new LoadDriver.Tally();
        tally.failed(Long.parseLong(head[1]));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(" ");
            tally.answered(Math.round(Double.parseDouble(fields[1]) * 1000), Math.round(Double.parseDouble(fields[4]) * 1000),
                    fields[0].equals("1"), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
        }
        return tally.result(Double.parseDouble(head[0]));
    }

    /** The Lua script of one run: the requests, the pacing when {@code interval} (microseconds per client) is positive. */
    static String script(List<LoadDriver.Call> calls, List<Boolean> large, int port, int clients, long interval, Path answers) {
        StringBuilder text = new StringBuilder("""
                local ffi = require("ffi")
                ffi.cdef[[
                typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
                int clock_gettime(int clock, bench_timespec *time);
                ]]
                local clock = ffi.new("bench_timespec")
                local function micros()
                  ffi.C.clock_gettime(1, clock)
                  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
                end
                local calls = {
                """);
        for (int i = 0; i < calls.size(); i++) {
            LoadDriver.Call call = calls.get(i);
            text.append("  { token = ").append(quoted(call.token())).append(", body = ").append(quoted(call.body()))
                    .append(", large = ").append(large.get(i) ? "1" : "0").append(" },\n");
        }
        text.append("}\n");
        text.append("local path = ").append(quoted(calls.getFirst().path())).append("\n");
        text.append("local host = ").append(quoted("127.0.0.1:" + port)).append("\n");
        text.append("local interval = ").append(interval).append("\n");
        text.append("local clients = ").append(clients).append("\n");
        text.append("local answers = ").append(quoted(answers.toString())).append("\n");
        text.append("""
                local threads = {}
                function setup(thread)
                  table.insert(threads, thread)
                  thread:set("number", #threads)
                end
                function init(args)
                  requests = {}
                  for i, call in ipairs(calls) do
                    requests[i] = wrk.format("POST", path, { ["Host"] = host, ["Authorization"] = "Bearer " .. call.token,
                      ["Content-Type"] = "application/json" }, call.body)
                  end
                  following = (number - 1) % #requests
                  latencies, lates, sizes, statements, transactions, failures = {}, {}, {}, {}, {}, 0
                end
                function request()
                  following = following % #requests + 1
                  current = following
                  sent = micros()
                  return requests[current]
                end
                function response(status, headers, body)
                  local now = micros()
                  local from = sent
                  if slot ~= nil and slot < from then from = slot end
                  if status ~= 200 or string.find(body, '"errors"', 1, true) then
                    failures = failures + 1
                    return
                  end
                  local n = #latencies + 1
                  latencies[n] = now - from
                  lates[n] = (slot ~= nil and sent > slot) and (sent - slot) or 0
                  sizes[n] = calls[current].large
                  statements[n] = tonumber(headers["X-Sql-Statements"] or headers["x-sql-statements"] or "-1")
                  transactions[n] = tonumber(headers["X-Sql-Transactions"] or headers["x-sql-transactions"] or "-1")
                end
                """);
        if (interval > 0) {
            // wrk asks before every request of a connection how many milliseconds to wait; one thread holds one
            // connection, so the thread's slots are the client's. The first slot is staggered by the client's number.
            text.append("""
                    function delay()
                      local now = micros()
                      if slot == nil then
                        slot = now + (number - 1) * interval / clients
                      else
                        slot = slot + interval
                      end
                      -- Whole milliseconds, rounded down: the request goes up to 1 ms early (measured from its sending)
                      -- rather than late by the timer's rounding, so a late one is the driver's or the machine's stall.
                      local wait = slot - now
                      if wait < 1000 then return 0 end
                      return math.floor(wait / 1000)
                    end
                    """);
        }
        text.append("""
                function done(summary, latency, all)
                  local file = io.open(answers, "w")
                  local failed = 0
                  local lines = {}
                  for _, thread in ipairs(threads) do
                    failed = failed + thread:get("failures")
                    local latencies, lates, sizes = thread:get("latencies"), thread:get("lates"), thread:get("sizes")
                    local statements, transactions = thread:get("statements"), thread:get("transactions")
                    for i = 1, #latencies do
                      lines[#lines + 1] = string.format("%d %.1f %d %d %.1f", sizes[i], latencies[i], statements[i], transactions[i],
                        lates[i])
                    end
                  end
                  file:write(string.format("%.6f %d\\n", summary.duration / 1000000, failed + summary.errors.connect
                    + summary.errors.read + summary.errors.write + summary.errors.timeout))
                  file:write(table.concat(lines, "\\n"))
                  if #lines > 0 then file:write("\\n") end
                  file:close()
                end
                """);
        return text.toString();
    }

    /** A Lua long string: its level chosen so that the text cannot close it. */
    private static String quoted(String value) {
        String level = "=";
        while (value.contains("]" + level + "]")) {
            level += "=";
        }
        return "[" + level + "[" + value + "]" + level + "]";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "wrk (%s)", executable);
    }
}
