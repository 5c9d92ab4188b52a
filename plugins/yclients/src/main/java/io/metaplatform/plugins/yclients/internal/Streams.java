package io.metaplatform.plugins.yclients.internal;

import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.JsonValue.JsonObject;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.SyncMode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the connector's streams page by page, a checkpoint after each page. Incremental reads of clients and
 * records ask for what changed since the cursor ({@code changed_after}, inclusive, so a change in the cursor's
 * second is not missed); the items the previous read saw at the cursor's second are skipped, so a read
 * returns only what changed. While a read pages, the state holds the cursor it started from, the next page
 * and the latest change seen, so a run that dies resumes at the page it had reached; the finished read
 * leaves the latest change (and the ids seen at it) as the next cursor.
 */
public final class Streams {

    public static final String CLIENTS = "clients";
    public static final String RECORDS = "records";
    public static final String TRANSACTIONS = "transactions";
    public static final String STAFF = "staff";
    public static final String SERVICES = "services";
    static final int PAGE = 200;

    private Streams() {
    }

    public static void read(ReadContext context) {
        var client = new YclientsClient(context);
        switch (context.stream().name()) {
            case CLIENTS -> readClients(context, client);
            case RECORDS -> readRecords(context, client);
            case TRANSACTIONS -> readTransactions(context, client);
            case STAFF -> readAll(context, client.get("/company/" + client.companyId() + "/staff", Map.of()).data(), Mapping::staff);
            case SERVICES -> readAll(context, client.get("/company/" + client.companyId() + "/services", Map.of()).data(), Mapping::service);
            default -> throw new IllegalArgumentException("unknown stream " + context.stream().name());
        }
    }

    public static Optional<ExternalRecord> readOne(LookupContext context) {
        var client = new YclientsClient(context);
        String company = String.valueOf(client.companyId());
        return switch (context.stream().name()) {
            case CLIENTS -> one(client.get("/client/" + company + "/" + context.externalId(), Map.of())).map(Mapping::client);
            case RECORDS -> one(client.get("/record/" + company + "/" + context.externalId(), Map.of()))
                    .filter(item -> !Mapping.deleted(item)).map(Mapping::visit);
            default -> throw new UnsupportedOperationException("stream " + context.stream().name() + " cannot be read by id");
        };
    }

    private static Optional<JsonValue> one(YclientsClient.Answer answer) {
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer.data()).filter(data -> !data.isNull());
    }

    private static void readClients(ReadContext context, YclientsClient client) {
        var cursor = Cursor.of(context);
        if (cursor.since() == null) {
            // Everything, by the search endpoint (the changed_after list is deprecated and needs a date).
            int page = cursor.page();
            while (true) {
                context.throwIfCancelled();
                var body = JsonObject.builder().put("page", page).put("page_size", PAGE).put("order_by", "id")
                        .put("order_by_direction", "ASC").build();
                var items = client.search("/company/" + client.companyId() + "/clients/search", body).data().items();
                cursor = emit(context, items, cursor, Mapping::client).next(++page);
                if (items.size() < PAGE) {
                    break;
                }
                context.sink().checkpoint(cursor.paging());
            }
        } else {
            cursor = pageChanged(context, cursor, page -> client.get("/clients/" + client.companyId(),
                    params(page, cursor(context).since(), false)).data().items(), Mapping::client);
        }
        context.sink().checkpoint(cursor.finished());
    }

    private static void readRecords(ReadContext context, YclientsClient client) {
        var cursor = Cursor.of(context);
        var since = cursor.since();
        cursor = pageChanged(context, cursor, page -> client.get("/records/" + client.companyId(), params(page, since, true)).data().items(),
                Mapping::visit);
        context.sink().checkpoint(cursor.finished());
    }

    private static Cursor pageChanged(ReadContext context, Cursor start, Function<Integer, List<JsonValue>> fetch,
                                      Function<JsonValue, ExternalRecord> map) {
        var cursor = start;
        while (true) {
            context.throwIfCancelled();
            var items = fetch.apply(cursor.page());
            cursor = emit(context, items, cursor, map).next(cursor.page() + 1);
            if (items.size() < PAGE) {
                return cursor;
            }
            context.sink().checkpoint(cursor.paging());
        }
    }

    /** Transactions have no change filter and {@code meta: []}: page until a page is empty. */
    private static void readTransactions(ReadContext context, YclientsClient client) {
        int page = Cursor.of(context).page();
        while (true) {
            context.throwIfCancelled();
            var items = client.get("/transactions/" + client.companyId(), Map.of("page", String.valueOf(page), "count", String.valueOf(PAGE)))
                    .data().items();
            if (items.isEmpty()) {
                break;
            }
            emit(context, items, Cursor.NONE, Mapping::payment);
            page++;
            context.sink().checkpoint(Map.of("page", String.valueOf(page)));
        }
        context.sink().checkpoint(Map.of());
    }

    private static void readAll(ReadContext context, JsonValue data, Function<JsonValue, ExternalRecord> map) {
        emit(context, data.items(), Cursor.NONE, map);
        context.sink().checkpoint(Map.of());
    }

    /**
     * Emits a page: records, deletions of deleted ones, rejections of unreadable ones; skips what the previous
     * read saw at its cursor. Returns the cursor with the latest change seen.
     */
    private static Cursor emit(ReadContext context, List<JsonValue> items, Cursor cursor, Function<JsonValue, ExternalRecord> map) {
        String stream = context.stream().name();
        var progress = cursor;
        for (var item : items) {
            String id = item.get("id").id().orElse(null);
            try {
                String changed = Mapping.timestamp(item.get("last_change_date")).isPresent()
                        ? item.get("last_change_date").text().orElseThrow() : null;
                if (changed != null && cursor.seenAtSince(changed, id)) {
                    continue;
                }
                progress = progress.seen(changed, id);
                if (Mapping.deleted(item)) {
                    context.sink().deleted(stream, Mapping.id(item));
                } else {
                    context.sink().record(map.apply(item));
                }
            } catch (JsonException e) {
                context.sink().reject(stream, id, e.getMessage(), Mapping.excerpt(item));
            }
        }
        return progress;
    }

    private static Map<String, String> params(int page, String since, boolean withDeleted) {
        var params = new LinkedHashMap<String, String>();
        params.put("page", String.valueOf(page));
        params.put("count", String.valueOf(PAGE));
        if (since != null) {
            params.put("changed_after", Mapping.changedAfter(since));
        }
        if (withDeleted) {
            params.put("with_deleted", "1");
        }
        return params;
    }

    private static Cursor cursor(ReadContext context) {
        return Cursor.of(context);
    }

    /**
     * @param since       the cursor the read started from ({@code null}: everything)
     * @param atSince     ids the previous read saw changed at {@code since}, which this read skips
     * @param page        the next page to read, from 1
     * @param latest      the latest {@code last_change_date} seen so far
     * @param atLatest    ids seen changed at {@code latest}
     */
    private record Cursor(String since, Set<String> atSince, int page, String latest, Set<String> atLatest) {

        static final Cursor NONE = new Cursor(null, Set.of(), 1, null, Set.of());

        static Cursor of(ReadContext context) {
            var state = context.mode() == SyncMode.INCREMENTAL ? context.state() : Map.<String, String>of();
            return new Cursor(state.get("since"), ids(state.get("atSince")), Integer.parseInt(state.getOrDefault("page", "1")),
                    state.get("latest"), ids(state.get("atLatest")));
        }

        boolean seenAtSince(String changed, String id) {
            return since != null && id != null && atSince.contains(id) && same(changed, since);
        }

        Cursor seen(String changed, String id) {
            if (changed == null || id == null) {
                return this;
            }
            if (latest == null || Mapping.later(latest, changed).equals(changed) && !same(latest, changed)) {
                return new Cursor(since, atSince, page, changed, Set.of(id));
            }
            if (same(latest, changed)) {
                var ids = new TreeSet<>(atLatest);
                ids.add(id);
                return new Cursor(since, atSince, page, latest, ids);
            }
            return this;
        }

        Cursor next(int nextPage) {
            return new Cursor(since, atSince, nextPage, latest, atLatest);
        }

        Map<String, String> paging() {
            var state = new LinkedHashMap<String, String>();
            if (since != null) {
                state.put("since", since);
                state.put("atSince", String.join(",", atSince));
            }
            state.put("page", String.valueOf(page));
            if (latest != null) {
                state.put("latest", latest);
                state.put("atLatest", String.join(",", atLatest));
            }
            return state;
        }

        Map<String, String> finished() {
            if (latest == null) {
                return since == null ? Map.of() : Map.of("since", since, "atSince", String.join(",", atSince));
            }
            if (since == null || !same(since, latest) && Mapping.later(since, latest).equals(latest)) {
                return Map.of("since", latest, "atSince", String.join(",", atLatest));
            }
            var ids = new TreeSet<>(atSince);
            if (same(since, latest)) {
                ids.addAll(atLatest);
            }
            return Map.of("since", since, "atSince", String.join(",", ids));
        }

        private static boolean same(String a, String b) {
            return OffsetDateTime.parse(a, Mapping.TIMESTAMP).isEqual(OffsetDateTime.parse(b, Mapping.TIMESTAMP));
        }

        private static Set<String> ids(String joined) {
            if (joined == null || joined.isBlank()) {
                return Set.of();
            }
            return new TreeSet<>(List.of(joined.split(",")));
        }
    }
}
