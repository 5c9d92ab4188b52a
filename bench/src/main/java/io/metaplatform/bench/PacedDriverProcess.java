package io.metaplatform.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the half-load measurement ({@link LoadDriver#runAtRate}) in a JVM of its own: in the benchmark's JVM, beside the
 * server, a garbage collection pause of the server (or of the driver's own work for the other system) stopped the clock
 * that measures every system's latency, so both systems' p99 showed the benchmark JVM's pauses. The child has a small
 * heap and the serial collector, whose pauses over a few thousand latencies are far below a millisecond.
 */
final class PacedDriverProcess {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the child sends: {@code query} to the server on {@code port}, as PostGraphile's document when {@code postGraphile}. */
    record Job(int port, String query, boolean postGraphile, List<LoadDriver.Target> targets, int concurrency, double rate,
            int warmupSeconds, int seconds) {
    }

    private PacedDriverProcess() {
    }

    static LoadDriver.Result runAtRate(Job job) throws Exception {
        Path file = Files.createTempFile("paced-driver", ".json");
        try {
            JSON.writeValue(file.toFile(), job);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx256m",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), PacedDriverProcess.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!child.waitFor(job.warmupSeconds() + job.seconds() + 120L, TimeUnit.SECONDS) || child.exitValue() != 0) {
                child.destroyForcibly();
                throw new IllegalStateException("the paced driver process failed: " + output);
            }
            return JSON.readValue(output.substring(output.lastIndexOf('\n') + 1), LoadDriver.Result.class);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The child: runs one job and prints its result as the last line of JSON. */
    public static void main(String[] args) throws Exception {
        Job job = JSON.readValue(Path.of(args[0]).toFile(), Job.class);
        GraphQlClient client = new GraphQlClient(job.port());
        ApiQuery query = ApiQuery.valueOf(job.query());
        LoadDriver.Request request = job.postGraphile()
                ? target -> client.graphQl("/graphql", target.token(), query.postGraphileDocument(target.tenant(), target.companyId()))
                : target -> client.graphQl("/graphql", target.token(), query.document(target.companyId()));
        LoadDriver.Result result = new LoadDriver(client, job.targets(), job.concurrency())
                .runAtRate(request, job.rate(), job.warmupSeconds(), job.seconds());
        System.out.println(JSON.writeValueAsString(result));
        System.exit(0);
    }
}
