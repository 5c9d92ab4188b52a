package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.internal.CurrentSchemas;
import io.metaplatform.registry.internal.LayoutStore;
import io.metaplatform.registry.internal.LayoutStore.StoredLayout;
import io.metaplatform.registry.internal.MetadataStore;
import io.metaplatform.registry.internal.RecordQueries;
import io.metaplatform.registry.internal.SchemaAssembler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Layout}s of the current tenant's objects: defined by tenant admins, read by frontends. Every change is
 * checked against the object's fields (all problems at once, each with a stable code and its path), bumps the tenant's
 * metadata version and is written to the metadata change log in the same transaction. Reading never fails because of
 * a layout's content: a field deleted since the layout was saved is skipped and reported ({@link Layout.Rendered}).
 *
 * <p>{@link #layoutsOf} and {@link #replaceLayouts} serve metadata packages: they read and replace every layout of a
 * tenant inside the caller's transaction. Thread-safe.
 */
@Service
public class LayoutService {

    /** Most columns a form section flows into. */
    public static final int MAX_COLUMNS = 4;
    /** Most layouts of one object. */
    public static final int MAX_PER_OBJECT = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final int MAX_LABEL = 100;
    private static final int MAX_HELP_TEXT = 1000;
    private static final int MAX_ENTRIES = 500;
    private static final Set<String> FILTER_CONNECTIVES = Set.of("and", "or", "not");
    private static final String LAYOUT_KIND = "LAYOUT";

    private final LayoutStore store;
    private final MetadataStore metadataStore;
    private final SchemaAssembler schemas;
    private final CurrentSchemas currentSchemas;
    private final TransactionTemplate transactions;
    private final RecordPolicies policies;
    private final JsonMapper json;

    LayoutService(LayoutStore store, MetadataStore metadataStore, SchemaAssembler schemas, CurrentSchemas currentSchemas,
            TransactionTemplate transactions, ObjectProvider<RecordPolicies> policies, JsonMapper json) {
        this.store = store;
        this.metadataStore = metadataStore;
        this.schemas = schemas;
        this.currentSchemas = currentSchemas;
        this.transactions = transactions;
        this.policies = policies.getIfAvailable(RecordPolicies::unrestricted);
        this.json = json;
    }

    // ---- frontends and admins ----

    /**
     * The layouts of {@code object} as the bound caller may see them, defaults first, then by name; fields the caller
     * may not read are left out silently, deleted fields are left out and reported.
     *
     * @param kind only layouts of this kind; {@code null}: both
     * @throws PlatformException {@code NOT_FOUND} ({@code object}: {@code UNKNOWN_OBJECT}) for an object the tenant does
     *     not have or the caller may not read
     */
    public List<Layout.Rendered> layoutsFor(String object, Layout.Kind kind) {
        TenantId tenant = TenantContext.require();
        // The cached schema, as the data API's own: a read of layouts costs one statement.
        EffectiveSchema schema = currentSchemas.get(tenant, () -> transactions.execute(status -> schemas.current(tenant)));
        return transactions.execute(status -> {
            ObjectDefinition definition = schema.object(object).orElse(null);
            RecordPolicy.ObjectAccess access = definition == null ? RecordPolicy.ObjectAccess.none() : policies.current().access(object);
            if (definition == null || !access.can(RecordPolicy.Operation.READ)) {
                throw unknownObject(object);
            }
            return store.ofObject(tenant, definition.id()).stream()
                    .filter(layout -> kind == null || layout.kind() == kind)
                    .sorted(Comparator.comparing((StoredLayout layout) -> layout.kind())
                            .thenComparing(layout -> !layout.isDefault()).thenComparing(StoredLayout::name))
                    .map(layout -> render(definition, layout, access::canRead))
                    .toList();
        });
    }

    /**
     * Creates the layout, or replaces the object's layout of the same kind and name. A default layout takes the default
     * from the one that had it; the first layout of its kind becomes the default whatever it says.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} with every problem of the layout (paths under {@code input}),
     *     {@code NOT_FOUND} for an unknown object, {@code CONFLICT} when a concurrent change came first
     */
    public Layout.Rendered define(Layout layout, String actor) {
        Objects.requireNonNull(layout, "layout");
        return change(actor, (tenant, schema, now) -> {
            ObjectDefinition object = schema.object(layout.object()).orElseThrow(() -> unknownObject(layout.object()));
            Violations violations = new Violations();
            check(object, layout, "input.", violations);
            violations.throwIfAny();
            List<StoredLayout> existing = store.ofObject(tenant, object.id());
            Optional<StoredLayout> current = existing.stream()
                    .filter(stored -> stored.kind() == layout.kind() && stored.name().equals(layout.name())).findFirst();
            if (current.isEmpty() && existing.size() >= MAX_PER_OBJECT) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "An object has at most " + MAX_PER_OBJECT + " layouts.");
            }
            boolean onlyOfKind = existing.stream().noneMatch(stored -> stored.kind() == layout.kind()
                    && !stored.name().equals(layout.name()));
            boolean keepsDefault = current.map(StoredLayout::isDefault).orElse(false) && !hasOtherDefault(existing, layout);
            Layout saved = layout.withDefault(layout.isDefault() || onlyOfKind || keepsDefault);
            if (saved.isDefault()) {
                store.clearDefault(tenant, object.id(), layout.kind());
            }
            UUID id = current.map(StoredLayout::id).orElseGet(UUID::randomUUID);
            StoredLayout row = stored(object, id, saved, current.map(stored -> stored.version() + 1).orElse(1L));
            if (current.isEmpty()) {
                store.insert(tenant, row, now);
            } else if (!store.update(tenant, row, current.get().version(), now)) {
                throw new PlatformException(ErrorCode.CONFLICT, "Another change to this layout came first; reload it and try again.");
            }
            Object before = current.map(stored -> render(object, stored, field -> true).layout()).orElse(null);
            Layout.Rendered after = render(object, row, field -> true);
            return new Logged<>(current.isEmpty() ? "CREATE_LAYOUT" : "UPDATE_LAYOUT", id, before, after.layout(), after);
        });
    }

    /**
     * Deletes a layout; when it was the default, the first remaining layout of its kind (by name) becomes the default.
     *
     * @throws PlatformException {@code NOT_FOUND} for an unknown object ({@code object}) or layout ({@code name})
     */
    public void delete(String object, Layout.Kind kind, String name, String actor) {
        change(actor, (tenant, schema, now) -> {
            ObjectDefinition definition = schema.object(object).orElseThrow(() -> unknownObject(object));
            List<StoredLayout> ofKind = store.ofObject(tenant, definition.id()).stream().filter(stored -> stored.kind() == kind).toList();
            StoredLayout layout = ofKind.stream().filter(stored -> stored.name().equals(name)).findFirst()
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "Layout '" + name + "' (" + kind + ") of " + object,
                            List.of(new Violation("name", "UNKNOWN_LAYOUT", "is not a " + kind + " layout of " + object))));
            store.delete(tenant, layout.id());
            if (layout.isDefault()) {
                ofKind.stream().filter(stored -> !stored.id().equals(layout.id())).findFirst()
                        .ifPresent(next -> store.setDefault(tenant, next.id()));
            }
            return new Logged<>("DELETE_LAYOUT", layout.id(), render(definition, layout, field -> true).layout(), null, null);
        });
    }

    // ---- metadata packages ----

    /**
     * Every layout of {@code tenant}, ordered by object, kind and name, fields by their current API names; fields deleted
     * since a layout was saved are left out. Runs in the caller's transaction when there is one.
     */
    public List<Layout> layoutsOf(TenantId tenant) {
        return transactions.execute(status -> {
            EffectiveSchema schema = schemas.current(tenant);
            List<Layout> layouts = new ArrayList<>();
            for (StoredLayout stored : store.all(tenant)) {
                schema.object(stored.objectId()).ifPresent(object -> layouts.add(render(object, stored, field -> true).layout()));
            }
            layouts.sort(Comparator.comparing(Layout::object).thenComparing(Layout::kind).thenComparing(Layout::name));
            return layouts;
        });
    }

    /**
     * The problems of {@code layouts} against {@code schema}, paths under {@code layouts[i].}: what {@link #replaceLayouts}
     * would refuse. Also checks that no two layouts share object, kind and name and that at most one per object and kind
     * is the default.
     */
    public List<Violation> check(EffectiveSchema schema, List<Layout> layouts) {
        Violations violations = new Violations();
        Set<String> keys = new HashSet<>();
        Set<String> defaults = new HashSet<>();
        for (int i = 0; i < layouts.size(); i++) {
            Layout layout = layouts.get(i);
            String path = "layouts[" + i + "].";
            Optional<ObjectDefinition> object = schema.object(layout.object());
            if (object.isEmpty()) {
                violations.add(path + "object", "UNKNOWN_OBJECT", "is not an object of this tenant");
                continue;
            }
            check(object.get(), layout, path, violations);
            String key = layout.object() + "/" + layout.kind() + "/" + layout.name();
            if (!keys.add(key)) {
                violations.add(path + "name", "DUPLICATE", "is already a " + layout.kind() + " layout of " + layout.object());
            }
            if (layout.isDefault() && !defaults.add(layout.object() + "/" + layout.kind())) {
                violations.add(path + "isDefault", "DUPLICATE_DEFAULT", "another " + layout.kind() + " layout of " + layout.object()
                        + " is the default");
            }
        }
        return violations.list();
    }

    /**
     * Makes {@code layouts} the tenant's only layouts, in the caller's transaction (one is required: the caller bumps the
     * metadata version once for its whole change and passes it). Layouts are matched by object, kind and name: an equal
     * layout is left alone (replacing with the same layouts changes and logs nothing), a changed one is updated, a
     * missing one deleted, a new one created, each logged under {@code metadataVersion}. Where no layout of an object
     * and kind is the default, the first by name becomes it.
     *
     * @param schema the tenant's schema the layouts are checked against (the one the caller's change produces)
     * @return how many layouts were created, updated or deleted
     * @throws PlatformException {@code VALIDATION_FAILED} with {@link #check}'s problems; nothing is written then
     * @throws IllegalStateException when no transaction is active
     */
    public int replaceLayouts(TenantId tenant, EffectiveSchema schema, List<Layout> layouts, long metadataVersion, String actor) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("replaceLayouts runs in the caller's transaction");
        }
        List<Violation> problems = check(schema, layouts);
        if (!problems.isEmpty()) {
            throw PlatformException.validation(problems);
        }
        Instant now = now();
        Map<String, StoredLayout> existing = new LinkedHashMap<>();
        for (StoredLayout stored : store.all(tenant)) {
            schema.object(stored.objectId()).ifPresent(object -> existing.put(key(object, stored.kind(), stored.name()), stored));
        }
        List<Layout> wanted = withDefaults(layouts);
        record Write(StoredLayout current, Layout before, Layout after, StoredLayout row) {
        }
        List<Write> writes = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (Layout layout : wanted) {
            ObjectDefinition object = schema.object(layout.object()).orElseThrow();
            String key = key(object, layout.kind(), layout.name());
            kept.add(key);
            StoredLayout current = existing.get(key);
            Layout before = current == null ? null : render(object, current, field -> true).layout();
            if (!layout.equals(before)) {
                writes.add(new Write(current, before, layout, stored(object, current == null ? UUID.randomUUID() : current.id(), layout,
                        current == null ? 1 : current.version() + 1)));
            }
        }
        for (Map.Entry<String, StoredLayout> entry : existing.entrySet()) {
            if (!kept.contains(entry.getKey())) {
                StoredLayout gone = entry.getValue();
                writes.add(new Write(gone, render(schema.object(gone.objectId()).orElseThrow(), gone, field -> true).layout(), null, null));
            }
        }
        // Everything that changes goes first, so no moment has two defaults of one kind.
        writes.stream().filter(write -> write.current() != null).forEach(write -> store.delete(tenant, write.current().id()));
        for (Write write : writes) {
            if (write.row() != null) {
                store.insert(tenant, write.row(), now);
            }
            UUID id = write.row() != null ? write.row().id() : write.current().id();
            String operation = write.current() == null ? "CREATE_LAYOUT" : write.row() == null ? "DELETE_LAYOUT" : "UPDATE_LAYOUT";
            log(tenant, metadataVersion, actor, now, operation, id, write.before(), write.after());
        }
        int changed = writes.size();
        return changed;
    }

    // ---- checks ----

    private static void check(ObjectDefinition object, Layout layout, String path, Violations violations) {
        if (!NAME.matcher(layout.name()).matches()) {
            violations.add(path + "name", "INVALID_NAME", "must start with a letter and hold only letters, digits and _ (at most 100)");
        }
        checkLabel(layout.label(), path + "label", violations);
        switch (layout.spec()) {
            case Layout.RecordForm form -> checkForm(object, form, path + "form.", violations);
            case Layout.ListView list -> checkList(object, list, path + "list.", violations);
        }
    }

    private static void checkForm(ObjectDefinition object, Layout.RecordForm form, String path, Violations violations) {
        Set<String> placed = new HashSet<>();
        int entries = 0;
        for (int s = 0; s < form.sections().size(); s++) {
            Layout.Section section = form.sections().get(s);
            String sectionPath = path + "sections[" + s + "].";
            checkLabel(section.label(), sectionPath + "label", violations);
            if (section.columns() < 1 || section.columns() > MAX_COLUMNS) {
                violations.add(sectionPath + "columns", "OUT_OF_RANGE", "must be between 1 and " + MAX_COLUMNS);
            }
            for (int f = 0; f < section.fields().size(); f++) {
                Layout.FormField field = section.fields().get(f);
                String fieldPath = sectionPath + "fields[" + f + "].";
                if (checkField(object, field.field(), fieldPath + "field", violations) && !placed.add(field.field())) {
                    violations.add(fieldPath + "field", "DUPLICATE_FIELD", "is already placed in this form");
                }
                if (field.helpText() != null && field.helpText().length() > MAX_HELP_TEXT) {
                    violations.add(fieldPath + "helpText", "TOO_LONG", "must be at most " + MAX_HELP_TEXT + " characters");
                }
                entries++;
            }
        }
        if (entries > MAX_ENTRIES) {
            violations.add(path + "sections", "TOO_LONG", "must place at most " + MAX_ENTRIES + " fields");
        }
    }

    private static void checkList(ObjectDefinition object, Layout.ListView list, String path, Violations violations) {
        if (list.columns().isEmpty()) {
            violations.add(path + "columns", "REQUIRED", "must name at least one column");
        }
        if (list.columns().size() > MAX_ENTRIES) {
            violations.add(path + "columns", "TOO_LONG", "must be at most " + MAX_ENTRIES + " columns");
        }
        Set<String> shown = new HashSet<>();
        for (int c = 0; c < list.columns().size(); c++) {
            Layout.Column column = list.columns().get(c);
            String columnPath = path + "columns[" + c + "].";
            if (checkField(object, column.field(), columnPath + "field", violations) && !shown.add(column.field())) {
                violations.add(columnPath + "field", "DUPLICATE_FIELD", "is already a column of this list");
            }
            checkLabel(column.label(), columnPath + "label", violations);
            if (column.width() != null && (column.width() < 20 || column.width() > 2000)) {
                violations.add(columnPath + "width", "OUT_OF_RANGE", "must be between 20 and 2000 pixels");
            }
        }
        for (int s = 0; s < list.sort().size(); s++) {
            String sortPath = path + "sort[" + s + "].field";
            String field = list.sort().get(s).field();
            if (checkField(object, field, sortPath, violations) && !FieldCapabilities.sortable(object.field(field).orElseThrow())) {
                violations.add(sortPath, "NOT_SORTABLE", "cannot be sorted by");
            }
        }
        if (list.pageSize() < 1 || list.pageSize() > RecordQueries.MAX_PAGE) {
            violations.add(path + "pageSize", "OUT_OF_RANGE", "must be between 1 and " + RecordQueries.MAX_PAGE);
        }
        Set<String> names = new HashSet<>();
        for (int f = 0; f < list.filters().size(); f++) {
            Layout.SavedFilter filter = list.filters().get(f);
            String filterPath = path + "filters[" + f + "].";
            if (!NAME.matcher(filter.name()).matches()) {
                violations.add(filterPath + "name", "INVALID_NAME", "must start with a letter and hold only letters, digits and _ (at most 100)");
            } else if (!names.add(filter.name())) {
                violations.add(filterPath + "name", "DUPLICATE", "is already a filter of this list");
            }
            checkLabel(filter.label(), filterPath + "label", violations);
            checkFilter(object, filter.filter(), filterPath + "filter", violations);
        }
    }

    // A saved filter has the data API's filter shape: field names to comparator objects, combined with and/or/not.
    // Its comparators are the data API's to judge when it runs; here only the fields must exist.
    private static void checkFilter(ObjectDefinition object, Object filter, String path, Violations violations) {
        if (!(filter instanceof Map<?, ?> map)) {
            violations.add(path, "INVALID_FILTER", "must be an object of field names and and/or/not");
            return;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String keyPath = path + "." + key;
            switch (key) {
                case "and", "or" -> {
                    if (!(entry.getValue() instanceof List<?> parts)) {
                        violations.add(keyPath, "INVALID_FILTER", "must be a list of filters");
                        continue;
                    }
                    for (int i = 0; i < parts.size(); i++) {
                        checkFilter(object, parts.get(i), keyPath + "[" + i + "]", violations);
                    }
                }
                case "not" -> checkFilter(object, entry.getValue(), keyPath, violations);
                default -> {
                    if (checkField(object, key, keyPath, violations) && !(entry.getValue() instanceof Map<?, ?>)) {
                        violations.add(keyPath, "INVALID_FILTER", "must be an object of comparators such as {\"eq\": ...}");
                    }
                }
            }
        }
    }

    private static boolean checkField(ObjectDefinition object, String field, String path, Violations violations) {
        if (object.field(field).isEmpty()) {
            violations.add(path, "UNKNOWN_FIELD", "is not a field of " + object.apiName());
            return false;
        }
        return true;
    }

    private static void checkLabel(String label, String path, Violations violations) {
        if (label != null && label.length() > MAX_LABEL) {
            violations.add(path, "TOO_LONG", "must be at most " + MAX_LABEL + " characters");
        }
    }

    // ---- stored form: fields by id ----

    /** What the definition column holds: the spec with field ids for API names, and the names last seen. */
    record StoredDefinition(Layout.Spec spec, Map<String, String> names) {
    }

    private StoredLayout stored(ObjectDefinition object, UUID id, Layout layout, long version) {
        Map<String, String> names = new LinkedHashMap<>();
        Layout.Spec byId = FieldRefs.map(layout.spec(), (name, path) -> {
            String fieldId = object.field(name).orElseThrow().id().value().toString();
            names.put(fieldId, name);
            return fieldId;
        });
        String definition = json.writeValueAsString(new StoredDefinition(byId, names));
        return new StoredLayout(id, object.id(), layout.kind(), layout.name(), layout.label(), layout.isDefault(), definition, version);
    }

    private Layout.Rendered render(ObjectDefinition object, StoredLayout stored, java.util.function.Predicate<String> readable) {
        StoredDefinition definition = json.readValue(stored.definition(), StoredDefinition.class);
        Map<String, String> current = new HashMap<>();
        object.fields().forEach(field -> current.put(field.id().value().toString(), field.apiName().value()));
        List<Layout.Problem> problems = new ArrayList<>();
        Layout.Spec byName = FieldRefs.map(definition.spec(), (fieldId, path) -> {
            String name = current.get(fieldId);
            if (name == null) {
                String lastSeen = definition.names().getOrDefault(fieldId, fieldId);
                problems.add(new Layout.Problem(path, lastSeen, "FIELD_DELETED", "field " + lastSeen + " no longer exists; skipped"));
                return null;
            }
            return readable.test(name) ? name : null;
        });
        String objectName = object.apiName().value();
        return new Layout.Rendered(new Layout(objectName, stored.name(), stored.label(), stored.isDefault(), byName), problems);
    }

    // ---- writing ----

    private interface Change<T> {
        Logged<T> apply(TenantId tenant, EffectiveSchema schema, Instant now);
    }

    private record Logged<T>(String operation, UUID layoutId, Object before, Object after, T result) {
    }

    private <T> T change(String actor, Change<T> change) {
        TenantId tenant = TenantContext.require();
        try {
            return transactions.execute(status -> {
                Instant now = now();
                long version = metadataStore.bumpVersion(tenant, now);
                Logged<T> logged = change.apply(tenant, schemas.load(tenant, version - 1), now);
                log(tenant, version, actor, now, logged.operation(), logged.layoutId(), logged.before(), logged.after());
                return logged.result();
            });
        } catch (DuplicateKeyException e) {
            throw new PlatformException(ErrorCode.CONFLICT, "Another change defined this layout first; reload and try again.",
                    List.of(new Violation("input.name", "DUPLICATE", "is already taken")));
        }
    }

    private void log(TenantId tenant, long version, String actor, Instant now, String operation, UUID id, Object before, Object after) {
        metadataStore.logChange(tenant, version, actor == null ? "unknown" : actor, now, operation, LAYOUT_KIND, id, before, after);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                currentSchemas.changed(tenant);
            }
        });
    }

    private static List<Layout> withDefaults(List<Layout> layouts) {
        Map<String, Layout> firstOfKind = new HashMap<>();
        Set<String> withDefault = new HashSet<>();
        for (Layout layout : layouts) {
            String group = layout.object() + "/" + layout.kind();
            firstOfKind.merge(group, layout, (a, b) -> a.name().compareTo(b.name()) <= 0 ? a : b);
            if (layout.isDefault()) {
                withDefault.add(group);
            }
        }
        return layouts.stream().map(layout -> {
            String group = layout.object() + "/" + layout.kind();
            return !withDefault.contains(group) && firstOfKind.get(group) == layout ? layout.withDefault(true) : layout;
        }).toList();
    }

    private static boolean hasOtherDefault(List<StoredLayout> existing, Layout layout) {
        return existing.stream().anyMatch(stored -> stored.kind() == layout.kind() && stored.isDefault() && !stored.name().equals(layout.name()));
    }

    private static String key(ObjectDefinition object, Layout.Kind kind, String name) {
        return object.id().value() + "/" + kind + "/" + name;
    }

    private static PlatformException unknownObject(String object) {
        return PayloadSchemaService.unknownObject(object);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
