package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.runtime.StreamOverride;
import io.metaplatform.plugins.runtime.internal.sync.StreamSettings;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.ObjectDefinition;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies an admin's stream overrides to a connector's defaults, and checks them against the tenant's objects. */
public final class StreamSettingsResolver {

    /** How often a stream that lists all its ids is reconciled unless the admin says otherwise. */
    public static final Duration DEFAULT_RECONCILE_EVERY = Duration.ofDays(1);

    private StreamSettingsResolver() {
    }

    /** Every stream of the connector, in its order, with the overrides applied; target object blank when none is known. */
    public static List<StreamSettings> resolve(ConnectorDescriptor descriptor, Map<String, StreamOverride> overrides) {
        return descriptor.streams().stream().map(stream -> resolve(stream, overrides.get(stream.name()))).toList();
    }

    static StreamSettings resolve(StreamDescriptor stream, StreamOverride override) {
        Optional<StreamOverride> given = Optional.ofNullable(override);
        SyncMode defaultMode = defaultMode(stream);
        return new StreamSettings(
                stream.name(),
                given.map(StreamOverride::enabled).orElse(true),
                given.map(StreamOverride::targetObject).or(stream::targetObject).orElse(""),
                given.map(StreamOverride::mappings).orElse(stream.mappings()),
                given.map(StreamOverride::upsertOn),
                given.map(StreamOverride::mode).orElse(defaultMode),
                given.map(StreamOverride::push).orElse(false),
                given.map(StreamOverride::pushFilter),
                given.map(StreamOverride::pullEvery).flatMap(StreamSettingsResolver::duration).or(stream::pullEvery),
                given.map(StreamOverride::pushEvery).flatMap(StreamSettingsResolver::duration).or(stream::pushEvery),
                stream.listsAllIds()
                        ? Optional.of(given.map(StreamOverride::reconcileEvery).flatMap(StreamSettingsResolver::duration).orElse(DEFAULT_RECONCILE_EVERY))
                        : Optional.empty(),
                given.map(StreamOverride::maxDeletedShare).filter(share -> share >= 0 && share <= 1)
                        .orElse(StreamSettings.DEFAULT_MAX_DELETED_SHARE));
    }

    /**
     * {@link SyncMode#INCREMENTAL} only for a stream with a cursor field, which is what selects the changes; a stream
     * without one reads {@link SyncMode#FULL}y unless the admin chooses otherwise (its incremental mode, where it has
     * one, only resumes an interrupted scan), and a stream with a single mode gets that one.
     */
    static SyncMode defaultMode(StreamDescriptor stream) {
        boolean incremental = stream.modes().contains(SyncMode.INCREMENTAL);
        if (incremental && (stream.cursorField().isPresent() || !stream.modes().contains(SyncMode.FULL))) {
            return SyncMode.INCREMENTAL;
        }
        return SyncMode.FULL;
    }

    /** The interval an admin gave, empty when blank or unreadable (which {@link #validateIntervals} reports). */
    private static Optional<Duration> duration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Every problem of the overrides' intervals, with paths {@code input.streams.<stream>.pullEvery} and
     * {@code .pushEvery} and {@code .reconcileEvery}: not an ISO-8601 duration, or shorter than {@code minimum}; and
     * {@code .maxDeletedShare} outside 0 to 1.
     */
    public static List<Violation> validateIntervals(Map<String, StreamOverride> overrides, Duration minimum) {
        var violations = new ArrayList<Violation>();
        for (StreamOverride override : overrides.values()) {
            interval(override.stream(), "pullEvery", override.pullEvery(), minimum, violations);
            interval(override.stream(), "pushEvery", override.pushEvery(), minimum, violations);
            interval(override.stream(), "reconcileEvery", override.reconcileEvery(), minimum, violations);
            if (override.maxDeletedShare() != null && !(override.maxDeletedShare() >= 0 && override.maxDeletedShare() <= 1)) {
                violations.add(new Violation(path(override.stream(), "maxDeletedShare"), "OUT_OF_RANGE", "must be between 0 and 1"));
            }
        }
        return List.copyOf(violations);
    }

    private static void interval(String stream, String part, String value, Duration minimum, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return;
        }
        Optional<Duration> parsed = duration(value);
        if (parsed.isEmpty()) {
            violations.add(new Violation(path(stream, part), "INVALID_DURATION", "must be an ISO-8601 duration such as PT4H"));
        } else if (parsed.get().compareTo(minimum) < 0) {
            violations.add(new Violation(path(stream, part), "TOO_SHORT", "must be at least " + minimum));
        }
    }

    /**
     * Every problem of the overrides and of the enabled streams' effective settings, with paths
     * {@code input.streams.<stream>.<part>}: unknown streams, unsupported modes, push on a read-only
     * stream, unknown target objects and fields (mapped, upsert and push filter fields).
     */
    public static List<Violation> validate(ConnectorDescriptor descriptor, Map<String, StreamOverride> overrides, EffectiveSchema schema) {
        var violations = new ArrayList<Violation>();
        overrides.keySet().stream().sorted().filter(name -> descriptor.stream(name).isEmpty())
                .forEach(name -> violations.add(new Violation(path(name, null), "UNKNOWN_STREAM", "is not a stream of connector " + descriptor.id())));
        for (StreamDescriptor stream : descriptor.streams()) {
            StreamSettings settings = resolve(stream, overrides.get(stream.name()));
            if (settings.enabled()) {
                validate(stream, settings, overrides.get(stream.name()), schema, violations);
            }
        }
        return List.copyOf(violations);
    }

    private static void validate(StreamDescriptor stream, StreamSettings settings, StreamOverride override, EffectiveSchema schema,
            List<Violation> violations) {
        String name = stream.name();
        if (!stream.modes().contains(settings.mode())) {
            violations.add(new Violation(path(name, "mode"), "NOT_SUPPORTED", "must be one of " + stream.modes().stream().sorted().toList()));
        }
        Optional<StreamOverride> given = Optional.ofNullable(override);
        if (!stream.listsAllIds() && given.map(StreamOverride::reconcileEvery).filter(value -> !value.isBlank()).isPresent()) {
            violations.add(new Violation(path(name, "reconcileEvery"), "NOT_SUPPORTED",
                    "this stream does not list all its records, so it cannot be reconciled"));
        }
        if (settings.push() && !stream.writable()) {
            violations.add(new Violation(path(name, "push"), "NOT_WRITABLE", "this stream cannot be written to the external system"));
        }
        if (settings.targetObject().isBlank()) {
            violations.add(new Violation(path(name, "targetObject"), "REQUIRED", "is required: this stream has no default target object"));
            return;
        }
        Optional<ObjectDefinition> target = schema.object(settings.targetObject());
        if (target.isEmpty()) {
            violations.add(new Violation(path(name, "targetObject"), "UNKNOWN_OBJECT", "is not an object of this tenant: " + settings.targetObject()));
            return;
        }
        for (FieldMapping mapping : settings.mappings()) {
            if (target.get().field(mapping.targetField()).isEmpty()) {
                violations.add(new Violation(path(name, "mappings"), "UNKNOWN_FIELD",
                        mapping.targetField() + " is not a field of " + settings.targetObject()));
            }
        }
        settings.upsertOn().ifPresent(field -> target.get().field(field).ifPresentOrElse(
                definition -> {
                    // The record store refuses such an upsert for every record; say so once, at save.
                    if (!definition.unique()) {
                        violations.add(new Violation(path(name, "upsertOn"), "NOT_UNIQUE", field + " of " + settings.targetObject()
                                + " is not unique: records are matched by a unique field only (make the field unique first)"));
                    }
                },
                () -> violations.add(new Violation(path(name, "upsertOn"), "UNKNOWN_FIELD", field + " is not a field of " + settings.targetObject()))));
        settings.pushFilter().filter(field -> target.get().field(field).isEmpty()).ifPresent(field ->
                violations.add(new Violation(path(name, "pushFilter"), "UNKNOWN_FIELD", field + " is not a field of " + settings.targetObject())));
    }

    private static String path(String stream, String part) {
        return "input.streams." + stream + (part == null ? "" : "." + part);
    }
}
