package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
}
