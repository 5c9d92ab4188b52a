package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A page's cursors are encoded when asked for, once each (issue 20). */
class RecordPageEdgeTest {

    @Test
    void aCursorIsEncodedOnlyWhenAskedForAndThenKept() {
        AtomicInteger encoded = new AtomicInteger();
        DataRecord record = new DataRecord(UUID.randomUUID(), "company", Map.of("name", "Acme"), Instant.EPOCH, Instant.EPOCH, "alice", "alice", 1, null);
        RecordPage.Edge edge = RecordPage.Edge.encodedOnDemand(record, () -> "c" + encoded.incrementAndGet());
        RecordPage page = new RecordPage(java.util.List.of(edge), false, false, null);

        assertThat(page.records()).containsExactly(record);
        assertThat(encoded).hasValue(0);
        assertThat(page.endCursor()).isEqualTo("c1");
        assertThat(edge.cursor()).isEqualTo("c1");
        DataRecord presented = new DataRecord(record.id(), "company", Map.of(), Instant.EPOCH, Instant.EPOCH, "alice", "alice", 1, null);
        assertThat(edge.withRecord(presented).cursor()).isEqualTo("c1");
        assertThat(encoded).hasValue(1);

        RecordPage.Edge notYet = RecordPage.Edge.encodedOnDemand(record, () -> "c" + encoded.incrementAndGet());
        RecordPage.Edge presentedLater = notYet.withRecord(presented);
        assertThat(encoded).hasValue(1);
        assertThat(presentedLater.cursor()).isEqualTo("c2");
        assertThat(presentedLater.record()).isSameAs(presented);
    }
}
