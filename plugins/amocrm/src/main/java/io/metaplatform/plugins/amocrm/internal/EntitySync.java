package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ExternalRef;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.SyncMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Reading leads, contacts and companies, and pipelines with their statuses.
 *
 * <p>A run lists the entities changed since the cursor ({@code filter[updated_at][from]}, oldest first),
 * then the deleted ones ({@code with=only_deleted}), a checkpoint after every page: a run that dies
 * resumes at the page it was on. A page ends the listing when it is 204 or has no {@code _links.next}. A
 * 504 halves the page size (200, 100, 50, 25) and asks again for the same position.
 *
 * <p>The next run's cursor is the newest {@code updated_at} seen, unless an entity changed while the run
 * listed (its {@code updated_at} is above the newest one at the start): then the others moved up a place
 * in the listing and one may have been passed over, so the next run lists the same window again.
 */
public final class EntitySync {

    static final int PAGE_SIZE = 200;
    static final int MIN_PAGE_SIZE = 25;

    private static final String FROM = "from";
    private static final String PHASE = "phase";
    private static final String OFFSET = "offset";
    private static final String MAX = "max";
    private static final String START_MAX = "startMax";
    private static final String MOVED = "moved";
    private static final String DELETED = "deleted";
    private static final String SKIP = "skip";
    private static final String MAX_IDS = "maxIds";
    /** The ids of the newest second are kept to skip them next time, unless there are more than this. */
    private static final int MAX_SKIP = 100;

    private EntitySync() {
    }

    public static void readPipelines(ReadContext context) {
        var client = AmoClient.of(context);
        var response = client.get("/leads/pipelines", Map.of());
        if (response.status() == 204) {
            return;
        }
        if (!response.ok()) {
            throw AmoClient.failure("GET /leads/pipelines", response);
        }
        for (JsonValue pipeline : response.body().at("_embedded.pipelines").items()) {
            context.sink().record(AmoMapping.pipeline(pipeline));
            context.sink().replaceChildren(AmoStreams.STATUSES, new ExternalRef(AmoStreams.PIPELINES, AmoMapping.id(pipeline)),
                    AmoMapping.statuses(pipeline));
        }
        context.sink().checkpoint(Map.of());
    }

    /** Reads leads, contacts or companies (the stream's name is amoCRM's entity). */
    public static void read(ReadContext context) {
        String entity = context.stream().name();
        var client = AmoClient.of(context);
        Map<String, String> state = context.mode() == SyncMode.INCREMENTAL ? context.state() : Map.of();
        Optional<Long> from = Optional.ofNullable(state.get(FROM)).map(Long::parseLong);
        boolean deletedPhase = DELETED.equals(state.get(PHASE));
        long offset = Long.parseLong(state.getOrDefault(OFFSET, "0"));
        long max = Long.parseLong(state.getOrDefault(MAX, from.map(String::valueOf).orElse("0")));
        long startMax = state.containsKey(START_MAX) ? Long.parseLong(state.get(START_MAX)) : newest(client, entity);
        boolean moved = Boolean.parseBoolean(state.getOrDefault(MOVED, "false"));
        // Entities of the cursor's second read last time: amoCRM's filter includes that second.
        Set<String> skip = ids(state.get(SKIP));
        Set<String> maxIds = ids(state.get(MAX_IDS));
        String currency = entity.equals(AmoStreams.LEADS) ? currency(client) : null;
        int limit = PAGE_SIZE;
        while (offset % limit != 0) {
            limit /= 2;
        }
        while (true) {
            context.throwIfCancelled();
            var query = AmoClient.parameters("limit", limit, "page", offset / limit + 1, "order[updated_at]", "asc");
            from.ifPresent(value -> query.put("filter[updated_at][from]", String.valueOf(value)));
            if (deletedPhase) {
                query.put("with", "only_deleted");
            } else if (entity.equals(AmoStreams.LEADS)) {
                query.put("with", "contacts");
            }
            var response = client.list("/" + entity, query);
            if (response.status() == 504) {
                if (limit <= MIN_PAGE_SIZE) {
                    throw new RetriableException("amoCRM timed out (504) listing " + entity + " even " + limit + " at a time.");
                }
                limit /= 2;
                context.logger().log(System.Logger.Level.INFO, "amoCRM answered 504 listing " + entity + "; asking for " + limit + " at a time");
                continue;
            }
            boolean last = true;
            if (response.status() != 204) {
                if (!response.ok()) {
                    throw AmoClient.failure("GET /" + entity, response);
                }
                var items = response.body().at("_embedded." + entity).items();
                for (JsonValue item : items) {
                    long updated = AmoMapping.updatedAt(item);
                    String id = AmoMapping.id(item);
                    if (updated > max) {
                        max = updated;
                        maxIds.clear();
                    }
                    if (updated == max && !deletedPhase) {
                        maxIds.add(id);
                    }
                    moved |= updated > startMax;
                    if (deletedPhase) {
                        context.sink().deleted(entity, id);
                    } else if (!(from.isPresent() && updated == from.get() && skip.contains(id))) {
                        emit(context, entity, item, currency);
                    }
                }
                offset += items.size();
                last = items.isEmpty() || response.body().at("_links.next").isNull();
            }
            if (last && deletedPhase) {
                // The run is complete: the next one starts at the newest change seen (or again here, see above).
                long next = moved ? from.orElse(0L) : max;
                Set<String> nextSkip = moved ? skip : maxIds;
                var done = new LinkedHashMap<String, String>();
                if (next != 0) {
                    done.put(FROM, String.valueOf(next));
                    if (!nextSkip.isEmpty() && nextSkip.size() <= MAX_SKIP) {
                        done.put(SKIP, String.join(",", nextSkip));
                    }
                }
                context.sink().checkpoint(done);
                return;
            }
            if (last) {
                deletedPhase = true;
                offset = 0;
                limit = PAGE_SIZE;
            }
            var checkpoint = new LinkedHashMap<String, String>();
            from.ifPresent(value -> checkpoint.put(FROM, String.valueOf(value)));
            checkpoint.put(PHASE, deletedPhase ? DELETED : "live");
            checkpoint.put(OFFSET, String.valueOf(offset));
            checkpoint.put(MAX, String.valueOf(max));
            checkpoint.put(START_MAX, String.valueOf(startMax));
            checkpoint.put(MOVED, String.valueOf(moved));
            if (!skip.isEmpty()) {
                checkpoint.put(SKIP, String.join(",", skip));
            }
            if (!maxIds.isEmpty() && maxIds.size() <= MAX_SKIP) {
                checkpoint.put(MAX_IDS, String.join(",", maxIds));
            }
            context.sink().checkpoint(checkpoint);
        }
    }

    private static Set<String> ids(String joined) {
        return joined == null || joined.isBlank() ? new LinkedHashSet<>() : new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }

    /** One entity by id; empty when it does not exist or was deleted (amoCRM answers 204 then). */
    public static Optional<ExternalRecord> readOne(LookupContext context) {
        String entity = context.stream().name();
        if (!context.externalId().matches("\\d{1,18}")) {
            return Optional.empty();
        }
        var client = AmoClient.of(context);
        var response = client.get("/" + entity + "/" + context.externalId(),
                entity.equals(AmoStreams.LEADS) ? Map.of("with", "contacts") : Map.of());
        if (response.status() == 204 || response.status() == 404) {
            return Optional.empty();
        }
        if (!response.ok()) {
            throw AmoClient.failure("GET /" + entity + "/{id}", response);
        }
        if (response.body().get("is_deleted").bool().orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(map(entity, response.body(), entity.equals(AmoStreams.LEADS) ? currency(client) : null));
    }

    static ExternalRecord map(String entity, JsonValue item, String currency) {
        return switch (entity) {
            case AmoStreams.LEADS -> AmoMapping.lead(item, currency);
            case AmoStreams.CONTACTS -> AmoMapping.contact(item);
            case AmoStreams.COMPANIES -> AmoMapping.company(item);
            default -> throw new IllegalArgumentException("no amoCRM entity " + entity);
        };
    }

    private static void emit(ReadContext context, String entity, JsonValue item, String currency) {
        try {
            context.sink().record(map(entity, item, currency));
        } catch (RuntimeException e) {
            String id = item.get("id").id().orElse(null);
            context.sink().reject(entity, id, "the amoCRM " + entity + " entity cannot be read: " + e.getMessage(), "");
        }
    }

    /** The newest {@code updated_at} now (0 when there is nothing), to notice entities changing during the run. */
    private static long newest(AmoClient client, String entity) {
        var response = client.get("/" + entity, AmoClient.parameters("limit", 1, "order[updated_at]", "desc"));
        if (response.status() == 204) {
            return 0;
        }
        if (!response.ok()) {
            throw AmoClient.failure("GET /" + entity, response);
        }
        return response.body().at("_embedded." + entity).items().stream().mapToLong(AmoMapping::updatedAt).max().orElse(0);
    }

    static String currency(AmoClient client) {
        var response = client.get("/account", Map.of());
        if (!response.ok()) {
            throw AmoClient.failure("GET /account", response);
        }
        return response.body().get("currency").string().orElse("RUB");
    }
}
