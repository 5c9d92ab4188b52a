package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.PlatformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Upserts of one unique value from many threads at once: every call succeeds, one creating, the others updating. */
class ConcurrentUpsertTest extends RegistryTestSupport {

    private static final int WRITERS = 32;

    @Test
    void thirtyTwoConcurrentUpsertsOfACustomUniqueValueAllSucceedOnOneRecord() throws Exception {
        addField("company", "taxNumber", new FieldType.Text(30), Constraints.NONE.withUnique(true));

        List<String> outcomes = upsertConcurrently("taxNumber", "DE-1");

        assertAllSucceededOnOneRecord(outcomes);
    }

    @Test
    void thirtyTwoConcurrentUpsertsOfABuiltInUniqueValueAllSucceedOnOneRecord() throws Exception {
        List<String> outcomes = upsertConcurrently("customerNumber", "K-1");

        assertAllSucceededOnOneRecord(outcomes);
    }

    private void assertAllSucceededOnOneRecord(List<String> outcomes) {
        assertThat(outcomes).as("no call failed").allMatch(outcome -> outcome.startsWith("ok:"));
        assertThat(outcomes.stream().distinct()).as("every call answered the same record").hasSize(1);
        List<DataRecord> stored = inTenant(() -> records.list("company", RecordQuery.firstPage(50))).records();
        assertThat(stored).hasSize(1);
        DataRecord record = stored.getFirst();
        assertThat(record.version()).as("one create and 31 updates").isEqualTo(WRITERS);
        assertThat((String) record.get("name")).as("the state of one of the writes").matches("Writer \\d+");
        assertThat(inTenant(() -> records.history("company", record.id(), 100)))
                .extracting(RecordChangeEntry::operation)
                .containsOnly("CREATE", "UPDATE")
                .filteredOn("CREATE"::equals).hasSize(1);
    }

    private List<String> upsertConcurrently(String field, String value) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String name = "Writer " + i;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    DataRecord written = inTenant(() -> records.createMany("company", List.of(Map.of(field, value, "name", name)), field,
                            "racer")).getFirst();
                    return "ok:" + written.id();
                } catch (PlatformException e) {
                    return e.code().name() + ": " + e.getMessage();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();
        return outcomes;
    }
}
