package io.metaplatform.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The platform against PostGraphile on the same query shape: the check that both return the same rows before anything is
 * timed, and the figures of both side by side.
 */
final class SideBySide {

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /** The figures of one shape: the closed-loop rounds of both (alternating) and each at half its maximum rate. */
    record Figures(List<LoadDriver.Result> ours, List<LoadDriver.Result> theirs, LoadDriver.Result oursAtHalf,
            LoadDriver.Result theirsAtHalf) {

        double oursRate() {
            return ours.stream().mapToDouble(LoadDriver.Result::requestsPerSecond).average().orElse(0);
        }

        double theirsRate() {
            return theirs.stream().mapToDouble(LoadDriver.Result::requestsPerSecond).average().orElse(0);
        }

        /** The platform's req/s over PostGraphile's. */
        double ratio() {
            return oursRate() / theirsRate();
        }

        /** How far the tail reaches past the median: p99 over p50. */
        static double spread(Latencies latencies) {
            return latencies.p99() / latencies.p50();
        }

        static double p50(List<LoadDriver.Result> rounds) {
            return rounds.stream().mapToDouble(result -> result.all().p50()).average().orElse(0);
        }

        static double p99(List<LoadDriver.Result> rounds) {
            return rounds.stream().mapToDouble(result -> result.all().p99()).average().orElse(0);
        }
    }

    private SideBySide() {
    }

    /**
     * The values of a response's data in document order, wrappers ({@code edges}/{@code node}, {@code nodes}) and field
     * names left out, strings lower-cased (select options are {@code ACTIVE} here and {@code active} in the column) and
     * numbers written canonically ({@code 350.00} and {@code 350.0} are one value).
     */
    static List<String> values(JsonNode data) {
        List<String> values = new ArrayList<>();
        collect(data, values);
        return values;
    }

    private static void collect(JsonNode node, List<String> values) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            values.add("null");
        } else if (node.isContainer()) {
            node.forEach(child -> collect(child, values));
        } else {
            String text = node.asString();
            values.add(NUMBER.matcher(text).matches() ? new BigDecimal(text).stripTrailingZeros().toPlainString()
                    : text.toLowerCase(Locale.ROOT));
        }
    }
}
