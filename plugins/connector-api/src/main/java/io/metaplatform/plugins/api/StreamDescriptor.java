package io.metaplatform.plugins.api;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of external record a connector reads (and possibly writes).
 *
 * @param name          stream name, lowerCamelCase, unique in the connector ({@code contacts})
 * @param targetObject  API name of the platform object its records become ({@code company}); empty
 *                      when the tenant admin chooses it per connection (the CSV connector)
 * @param primaryKey    the external field that identifies a record (documentation; the id itself
 *                      travels in {@link ExternalRecord#externalId()})
 * @param cursorField   the external field incremental reads advance on, if any
 * @param modes         the supported sync modes, at least one
 * @param writable      whether {@link Connector#write} accepts records of this stream (push)
 * @param mappings      default field mappings; at most one mapping reads into each target field
 * @param searchCriteria the criteria {@link Connector#search} takes for this stream, in the order an admin
 *                      should see them; empty when the stream cannot be searched
 * @param pullEvery     how often scheduled runs read this stream by default (a tenant admin may
 *                      override it per connection); empty: at the connection's schedule interval
 * @param pushEvery     how often scheduled runs push local changes of this stream by default, when
 *                      the admin turned push on; empty: at the connection's schedule interval
 * @param listsAllIds   whether a {@link SyncMode#FULL} read of this stream emits every record the external
 *                      system has (or rejects it with its id): then the platform reconciles, on a slower
 *                      schedule of its own, and soft-deletes the platform records whose external ids no such
 *                      complete read emitted any more. Declare it only for streams whose full read is
 *                      complete; a stream that leaves out records (archived ones, a filtered type) would
 *                      see them deleted. Child streams written through {@link RecordSink#replaceChildren}
 *                      need not declare it: their sets are replaced with each parent
 */
public record StreamDescriptor(
        String name,
        Optional<String> targetObject,
        String primaryKey,
        Optional<String> cursorField,
        Set<SyncMode> modes,
        boolean writable,
        List<FieldMapping> mappings,
        List<String> searchCriteria,
        Optional<Duration> pullEvery,
        Optional<Duration> pushEvery,
        boolean listsAllIds) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");

    public StreamDescriptor {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stream name must match " + NAME + ": " + name);
        }
        Objects.requireNonNull(targetObject, "targetObject");
        Objects.requireNonNull(primaryKey, "primaryKey");
        Objects.requireNonNull(cursorField, "cursorField");
        modes = Set.copyOf(modes);
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("stream " + name + " needs at least one sync mode");
        }
        mappings = List.copyOf(mappings);
        var targets = new HashSet<String>();
        for (var mapping : mappings) {
            if (mapping.direction().reads() && !targets.add(mapping.targetField())) {
                throw new IllegalArgumentException("stream " + name + " reads into " + mapping.targetField() + " twice");
            }
        }
        searchCriteria = List.copyOf(searchCriteria);
        if (new HashSet<>(searchCriteria).size() != searchCriteria.size() || searchCriteria.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("stream " + name + " declares a blank or repeated search criterion: " + searchCriteria);
        }
        Objects.requireNonNull(pullEvery, "pullEvery");
        Objects.requireNonNull(pushEvery, "pushEvery");
        if (pullEvery.filter(every -> every.isNegative() || every.isZero()).isPresent()
                || pushEvery.filter(every -> every.isNegative() || every.isZero()).isPresent()) {
            throw new IllegalArgumentException("stream " + name + " declares an interval that is not positive");
        }
    }

    /** A stream whose full read is not known to be complete (the form of this record before reconciliation existed). */
    public StreamDescriptor(String name, Optional<String> targetObject, String primaryKey, Optional<String> cursorField,
                            Set<SyncMode> modes, boolean writable, List<FieldMapping> mappings, List<String> searchCriteria,
                            Optional<Duration> pullEvery, Optional<Duration> pushEvery) {
        this(name, targetObject, primaryKey, cursorField, modes, writable, mappings, searchCriteria, pullEvery, pushEvery, false);
    }

    /** A stream without intervals of its own (the form of this record before intervals existed). */
    public StreamDescriptor(String name, Optional<String> targetObject, String primaryKey, Optional<String> cursorField,
                            Set<SyncMode> modes, boolean writable, List<FieldMapping> mappings, List<String> searchCriteria) {
        this(name, targetObject, primaryKey, cursorField, modes, writable, mappings, searchCriteria, Optional.empty(), Optional.empty());
    }

    /** A stream that cannot be searched (the form of this record before search existed). */
    public StreamDescriptor(String name, Optional<String> targetObject, String primaryKey, Optional<String> cursorField,
                            Set<SyncMode> modes, boolean writable, List<FieldMapping> mappings) {
        this(name, targetObject, primaryKey, cursorField, modes, writable, mappings, List.of());
    }

    /** A read-only stream with full and incremental reads into a fixed object. */
    public static StreamDescriptor of(String name, String targetObject, List<FieldMapping> mappings) {
        return new StreamDescriptor(name, Optional.of(targetObject), "id", Optional.empty(),
                Set.of(SyncMode.FULL, SyncMode.INCREMENTAL), false, mappings);
    }

    /** This stream, writable. */
    public StreamDescriptor withWrite() {
        return new StreamDescriptor(name, targetObject, primaryKey, cursorField, modes, true, mappings, searchCriteria, pullEvery, pushEvery, listsAllIds);
    }

    /** This stream with the given cursor field. */
    public StreamDescriptor withCursor(String field) {
        return new StreamDescriptor(name, targetObject, primaryKey, Optional.of(field), modes, writable, mappings, searchCriteria, pullEvery, pushEvery, listsAllIds);
    }

    /** This stream with only the given modes. */
    public StreamDescriptor withModes(Set<SyncMode> value) {
        return new StreamDescriptor(name, targetObject, primaryKey, cursorField, value, writable, mappings, searchCriteria, pullEvery, pushEvery, listsAllIds);
    }

    /** This stream, searchable with {@link Connector#search} by the given criteria. */
    public StreamDescriptor withSearch(String... criteria) {
        return new StreamDescriptor(name, targetObject, primaryKey, cursorField, modes, writable, mappings, List.of(criteria), pullEvery, pushEvery, listsAllIds);
    }

    /**
     * This stream with default intervals for scheduled runs: reads every {@code pull}, pushes every
     * {@code push}; {@code null} for either keeps the connection's schedule interval for it.
     */
    public StreamDescriptor withIntervals(Duration pull, Duration push) {
        return new StreamDescriptor(name, targetObject, primaryKey, cursorField, modes, writable, mappings, searchCriteria,
                Optional.ofNullable(pull), Optional.ofNullable(push), listsAllIds);
    }

    /**
     * This stream, declaring that its {@link SyncMode#FULL} read emits every external record, so the platform
     * may soft-delete the records it no longer emits (see {@link #listsAllIds()}).
     */
    public StreamDescriptor withCompleteListing() {
        return new StreamDescriptor(name, targetObject, primaryKey, cursorField, modes, writable, mappings, searchCriteria, pullEvery, pushEvery, true);
    }
}
