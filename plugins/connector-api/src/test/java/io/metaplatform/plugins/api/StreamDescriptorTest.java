package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamDescriptorTest {

    @Test
    void searchCriteriaKeepTheirOrderThroughTheOtherModifiers() {
        var stream = StreamDescriptor.of("contacts", "contact", List.of()).withSearch("name", "email")
                .withWrite().withCursor("updatedAt").withModes(Set.of(SyncMode.FULL));

        assertThat(stream.searchCriteria()).containsExactly("name", "email");
        assertThat(stream.writable()).isTrue();
    }

    @Test
    void aStreamDescribedWithoutCriteriaCannotBeSearched() {
        assertThat(StreamDescriptor.of("contacts", "contact", List.of()).searchCriteria()).isEmpty();
    }

    @Test
    void repeatedOrBlankCriteriaAreRefused() {
        var stream = StreamDescriptor.of("contacts", "contact", List.of());

        assertThatThrownBy(() -> stream.withSearch("name", "name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stream.withSearch(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intervalsKeepThroughTheOtherModifiersAndStreamsWithoutThemFollowTheConnection() {
        var stream = StreamDescriptor.of("invoices", "invoice", List.of()).withIntervals(Duration.ofHours(4), null)
                .withCursor("updatedDate").withSearch("number").withWrite();
        var plain = new StreamDescriptor("notes", Optional.of("note"), "id", Optional.empty(), Set.of(SyncMode.FULL), false, List.of(), List.of());

        assertThat(stream.pullEvery()).contains(Duration.ofHours(4));
        assertThat(stream.pushEvery()).isEmpty();
        assertThat(plain.pullEvery()).isEmpty();
        assertThat(plain.pushEvery()).isEmpty();
    }

    @Test
    void intervalsThatAreNotPositiveAreRefused() {
        var stream = StreamDescriptor.of("invoices", "invoice", List.of());

        assertThatThrownBy(() -> stream.withIntervals(Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stream.withIntervals(null, Duration.ofMinutes(-5))).isInstanceOf(IllegalArgumentException.class);
    }
}
