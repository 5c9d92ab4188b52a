package io.metaplatform.plugins.runtime.internal.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which mode a stream runs in when the admin did not choose one. */
class StreamDefaultModeTest {

    private static final List<FieldMapping> MAPPINGS = List.of(FieldMapping.read("name", "name"));

    @Test
    void aStreamWithACursorDefaultsToIncremental() {
        StreamDescriptor stream = StreamDescriptor.of("notes", "company", MAPPINGS).withCursor("updatedAt");

        assertThat(modeOf(stream)).isEqualTo(SyncMode.INCREMENTAL);
    }

    @Test
    void aStreamWithoutACursorDefaultsToFullAlthoughItCanResumeIncrementally() {
        StreamDescriptor stream = StreamDescriptor.of("notes", "company", MAPPINGS);

        assertThat(stream.modes()).contains(SyncMode.INCREMENTAL);
        assertThat(modeOf(stream)).isEqualTo(SyncMode.FULL);
    }

    @Test
    void aStreamWithOneModeRunsInIt() {
        assertThat(modeOf(StreamDescriptor.of("notes", "company", MAPPINGS).withModes(Set.of(SyncMode.INCREMENTAL))))
                .isEqualTo(SyncMode.INCREMENTAL);
        assertThat(modeOf(StreamDescriptor.of("notes", "company", MAPPINGS).withCursor("updatedAt").withModes(Set.of(SyncMode.FULL))))
                .isEqualTo(SyncMode.FULL);
    }

    @Test
    void anAdminsChoiceWins() {
        StreamDescriptor stream = StreamDescriptor.of("notes", "company", MAPPINGS);
        var connector = io.metaplatform.plugins.api.ConnectorDescriptor.builder("notes", "Notes", "1.0.0").stream(stream).build();
        var override = new io.metaplatform.plugins.runtime.StreamOverride("notes", true, null, null, null, SyncMode.INCREMENTAL,
                false, null, null, null, null, null);

        assertThat(StreamSettingsResolver.resolve(connector, Map.of("notes", override)).getFirst().mode()).isEqualTo(SyncMode.INCREMENTAL);
    }

    private static SyncMode modeOf(StreamDescriptor stream) {
        var connector = io.metaplatform.plugins.api.ConnectorDescriptor.builder("notes", "Notes", "1.0.0").stream(stream).build();
        List<StreamSettings> settings = StreamSettingsResolver.resolve(connector, Map.of());
        return settings.getFirst().mode();
    }
}
