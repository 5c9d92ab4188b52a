package io.metaplatform.registry;

import io.metaplatform.core.Caller;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Sha256;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordPolicy.Operation;
import io.metaplatform.registry.TenantRole.FieldScope;
import io.metaplatform.registry.TenantRole.ObjectGrant;
import io.metaplatform.registry.internal.CurrentSchemas;
import io.metaplatform.registry.internal.MetadataStore;
import io.metaplatform.registry.internal.RoleStore;
import io.metaplatform.registry.internal.SchemaAssembler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The current tenant's roles (permission sets), their grants and record rules, and how token claims map to them;
 * the {@link RecordPolicies} of the platform.
 *
 * <p>A caller's access is the union of its roles' grants. Role names that do not exist grant nothing. Three roles
 * are built in: {@value #TENANT_ADMIN} (every object and field, also those added later, and the metadata API),
 * {@value #STANDARD_USER} (every operation on the built-in objects and their built-in fields) and
 * {@value #READ_ONLY} (reading them). Tenant admins copy them, and may change the last two; new custom objects and
 * fields are therefore granted to {@value #TENANT_ADMIN} only until an admin grants them.
 *
 * <p>A role change bumps the tenant's metadata version and is written to the metadata change log in the same
 * transaction, so every cache keyed by (tenant, metadata version) (effective schema, GraphQL schemas, the resolved
 * roles here) drops it, on every instance (Redis, like every metadata change). Thread-safe.
 */
@Service
public class RoleService implements RecordPolicies, io.metaplatform.core.TenantRoleResolver {

    public static final List<String> BUILT_IN_ROLES = List.of(TENANT_ADMIN, STANDARD_USER, READ_ONLY);
    /** The claim read for role mappings until a tenant admin chooses another. */
    public static final String DEFAULT_CLAIM = "groups";

    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,49}");
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:/-]{0,99}");
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_CLAIM_VALUE = 255;
    private static final int CACHED_TENANTS = 10_000;
    private static final Set<Operation> WRITES = EnumSet.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.RESTORE,
            Operation.DESTROY);

    private final RoleStore store;
    private final MetadataStore metadata;
    private final SchemaAssembler assembler;
    private final CurrentSchemas currentSchemas;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Map<TenantId, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final org.springframework.beans.factory.ObjectProvider<MetadataService> metadataService;
    private final org.springframework.beans.factory.ObjectProvider<RoleHolders> holders;

    RoleService(RoleStore store, MetadataStore metadata, SchemaAssembler assembler, CurrentSchemas currentSchemas,
            TransactionTemplate transactions, JsonMapper json, org.springframework.beans.factory.ObjectProvider<MetadataService> metadataService,
            org.springframework.beans.factory.ObjectProvider<RoleHolders> holders) {
        this.holders = holders;
        this.store = store;
        this.metadata = metadata;
        this.metadataService = metadataService;
        this.assembler = assembler;
        this.currentSchemas = currentSchemas;
        this.transactions = transactions;
        this.json = json;
    }

    // ---- reading ----

    /** Every role of the tenant, built-in ones included, sorted by name. */
    public List<TenantRole> roles() {
        return List.copyOf(snapshot().roles().values());
    }

    public Optional<TenantRole> role(String name) {
        return Optional.ofNullable(snapshot().roles().get(name));
    }

    public ClaimMapping claimMapping() {
        return snapshot().mapping();
    }

    /**
     * The tenant roles a user's token grants: the values of the tenant's mapping claim (a string or a list of
     * strings) mapped to roles. Values without a mapping are ignored.
     */
    @Override
    public Set<String> rolesFromClaims(Map<String, Object> claims) {
        Snapshot snapshot = snapshot();
        Object value = claims.get(snapshot.mapping().claim());
        Collection<?> values = value instanceof Collection<?> many ? many : value == null ? List.of() : List.of(value);
        Set<String> roles = new TreeSet<>();
        for (Object one : values) {
            if (one instanceof String text) {
                roles.addAll(snapshot.mapping().roles().getOrDefault(text, List.of()));
            }
        }
        return roles;
    }

    @Override
    public RecordPolicy policyFor(Caller caller) {
        if (caller.isSystem()) {
            return RecordPolicy.unrestricted();
        }
        Effective effective = snapshot().effective(caller.roles());
        return effective.policy(caller);
    }

    /**
     * What {@code roles} may see and do, without record rules (they do not change the schema): the basis of the
     * GraphQL schema of every caller holding these roles.
     */
    public PermissionSet permissions(Set<String> roles) {
        Effective effective = snapshot().effective(roles);
        return effective.permissions();
    }

    /** Why {@code roles} can or cannot see each object and field: the grants of each role, object by object. */
    public List<ObjectExplanation> explain(Set<String> roles) {
        Snapshot snapshot = snapshot();
        List<ObjectExplanation> explanations = new ArrayList<>();
        for (ObjectDefinition object : sorted(snapshot.schema().objects())) {
            Map<String, Set<Operation>> byRole = new TreeMap<>();
            Map<String, List<String>> readers = new TreeMap<>();
            Map<String, List<String>> editors = new TreeMap<>();
            object.fields().forEach(field -> {
                readers.put(field.apiName().value(), new ArrayList<>());
                editors.put(field.apiName().value(), new ArrayList<>());
            });
            for (String name : new TreeSet<>(roles)) {
                Compiled grant = snapshot.compiled().getOrDefault(name, Map.of()).get(object.apiName().value());
                if (grant == null) {
                    continue;
                }
                byRole.put(name, grant.operations());
                object.fields().forEach(field -> {
                    if (grant.readable(field.apiName().value())) {
                        readers.get(field.apiName().value()).add(name);
                    }
                    if (grant.editable(field.apiName().value())) {
                        editors.get(field.apiName().value()).add(name);
                    }
                });
            }
            Set<String> unknown = new TreeSet<>(roles);
            unknown.removeAll(snapshot.roles().keySet());
            explanations.add(new ObjectExplanation(object.apiName().value(), byRole, readers, editors, unknown));
        }
        return explanations;
    }

    /**
     * What a caller's roles grant, without record rules; {@link #fingerprint()} is equal for equal access.
     *
     * @param hiddenDerived per object, the formula and rollup fields the roles grant but that stay hidden because they
     *     are computed from what the roles hide, with the reason
     */
    public record PermissionSet(Map<String, ObjectAccess> objects, String fingerprint, Map<String, Map<String, String>> hiddenDerived) {

        public PermissionSet {
            objects = java.util.Collections.unmodifiableMap(new TreeMap<>(objects));
            hiddenDerived = java.util.Collections.unmodifiableMap(new TreeMap<>(hiddenDerived));
        }

        /** Why the granted derived {@code field} of {@code object} stays hidden, or empty. */
        public Optional<String> hiddenBecause(String object, String field) {
            return Optional.ofNullable(hiddenDerived.getOrDefault(object, Map.of()).get(field));
        }

        /** The access to {@code object}: {@link ObjectAccess#none()} when nothing is granted. */
        public ObjectAccess access(String object) {
            return objects.getOrDefault(object, ObjectAccess.none());
        }
    }

    /**
     * Why an object and its fields are or are not visible to a set of roles: per granting role the operations, per
     * field the roles that let it be read and edited (empty: hidden), and the role names that do not exist.
     */
    public record ObjectExplanation(String object, Map<String, Set<Operation>> operationsByRole, Map<String, List<String>> fieldReadBy,
            Map<String, List<String>> fieldEditBy, Set<String> unknownRoles) {
    }

    /** The built-in roles the current tenant adjusted (a stored copy replaces the built-in definition), by name. */
    public Set<String> adjustedBuiltInRoles() {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> store.roles(tenant).stream().filter(RoleStore.StoredRole::builtIn)
                .map(RoleStore.StoredRole::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    // ---- changing ----

    /**
     * Creates the role, or replaces the role of this name (its grants entirely). {@value #TENANT_ADMIN} cannot change:
     * that no admin can lock the tenant out of its own metadata.
     */
    public TenantRole saveRole(TenantRole role, String actor) {
        TenantId tenant = TenantContext.require();
        return change(tenant, actor, (schema, now) -> {
            Map<String, TenantRole> current = roles(tenant, schema);
            TenantRole before = current.get(role.name());
            Violations violations = new Violations();
            if (!ROLE_NAME.matcher(role.name()).matches()) {
                violations.add("role.name", "INVALID_NAME", "must start with a letter and hold only letters, digits, - and _ (at most 50)");
            }
            if (role.name().equals(TENANT_ADMIN)) {
                violations.add("role.name", "BUILT_IN", "the tenant admin role grants everything and cannot change; copy it instead");
            }
            if (role.description() != null && role.description().length() > MAX_DESCRIPTION) {
                violations.add("role.description", "TOO_LONG", "at most " + MAX_DESCRIPTION + " characters");
            }
            RoleStore.StoredRole stored = toStored(schema, role, before, violations);
            violations.throwIfAny();
            store.save(tenant, stored, now);
            return new Change<>(before == null ? "CREATE_ROLE" : "UPDATE_ROLE", "ROLE", stored.id(), before, role, role);
        });
    }

    /** A new role {@code to} with the grants of {@code from} (a built-in role too). */
    public TenantRole copyRole(String from, String to, String description, String actor) {
        TenantRole source = role(from).orElseThrow(() -> PlatformException.notFound("Role '" + from + "'"));
        if (role(to).isPresent()) {
            throw new PlatformException(ErrorCode.CONFLICT, "A role named " + to + " exists.",
                    List.of(new io.metaplatform.core.Violation("to", "DUPLICATE", "is already a role")));
        }
        if (source.name().equals(TENANT_ADMIN)) {
            source = tenantAdmin(snapshot().schema(), FieldScope.ALL);
        }
        return saveRole(new TenantRole(to, description == null ? source.description() : description, false, source.grants()), actor);
    }

    /**
     * Deletes a role with its claim mappings; for an adjusted built-in role, restores its original grants.
     *
     * @throws PlatformException {@code CONFLICT} ({@code IN_USE} on {@code name}) while a {@link RoleHolders holder}, such as a
     *     connection's service principal, holds the role
     */
    public void deleteRole(String name, String actor) {
        TenantId tenant = TenantContext.require();
        change(tenant, actor, (schema, now) -> {
            if (name.equals(TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.CONFLICT, "The tenant admin role cannot be deleted.",
                        List.of(new io.metaplatform.core.Violation("name", "BUILT_IN", "cannot be deleted")));
            }
            RoleStore.StoredRole stored = store.roles(tenant).stream().filter(role -> role.name().equals(name)).findFirst()
                    .orElseThrow(() -> PlatformException.notFound("Role '" + name + "'"));
            // Deleting an adjusted built-in role restores it, so its holders keep a role; any other role would be gone.
            List<String> holding = BUILT_IN_ROLES.contains(name) ? List.of()
                    : holders.orderedStream().flatMap(holder -> holder.holdersOf(tenant, name).stream()).sorted().toList();
            if (!holding.isEmpty()) {
                throw new PlatformException(ErrorCode.CONFLICT, "Role '" + name + "' is held by " + String.join(", ", holding)
                        + "; give them another role first.", List.of(new io.metaplatform.core.Violation("name", "IN_USE",
                        "held by " + String.join(", ", holding))));
            }
            TenantRole before = roles(tenant, schema).get(name);
            store.delete(tenant, stored.id());
            return new Change<>("DELETE_ROLE", "ROLE", stored.id(), before, null, null);
        });
    }

    /** Replaces the claim name and every claim-value mapping; role names must exist. */
    public ClaimMapping setClaimMapping(ClaimMapping mapping, String actor) {
        TenantId tenant = TenantContext.require();
        return change(tenant, actor, (schema, now) -> {
            Violations violations = new Violations();
            if (!CLAIM_NAME.matcher(mapping.claim()).matches()) {
                violations.add("mapping.claim", "INVALID_CLAIM", "must be a claim name (letters, digits, _ . : / -, at most 100)");
            }
            Map<String, UUID> ids = roleIds(tenant, schema, now);
            Map<String, List<UUID>> rows = new TreeMap<>();
            new TreeMap<>(mapping.roles()).forEach((value, names) -> {
                if (value.isEmpty() || value.length() > MAX_CLAIM_VALUE) {
                    violations.add("mapping.roles." + value, "INVALID_VALUE", "must be 1 to " + MAX_CLAIM_VALUE + " characters");
                }
                for (String name : names) {
                    UUID id = ids.get(name);
                    if (id == null) {
                        violations.add("mapping.roles." + value, "UNKNOWN_ROLE", name + " is not a role of this tenant");
                    } else {
                        rows.computeIfAbsent(value, key -> new ArrayList<>()).add(id);
                    }
                }
            });
            violations.throwIfAny();
            ClaimMapping before = mapping(tenant, schema);
            store.saveMapping(tenant, mapping.claim(), rows, now);
            return new Change<>("UPDATE_ROLE_MAPPING", "ROLE_CLAIM", tenant.value(), before, mapping, mapping(tenant, schema));
        });
    }

    // ---- the change transaction ----

    private record Change<T>(String operation, String targetKind, UUID targetId, Object before, Object after, T result) {
    }

    @FunctionalInterface
    private interface Work<T> {
        Change<T> apply(EffectiveSchema schema, Instant now);
    }

    private <T> T change(TenantId tenant, String actor, Work<T> work) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            return transactions.execute(status -> {
                // Inside a metadata package deploy, the deploy's one version; else a bump of its own.
                long version = metadataService.getObject().versionForChange(tenant);
                EffectiveSchema schema = assembler.load(tenant, version - 1);
                Change<T> change = work.apply(schema, now);
                metadata.logChange(tenant, version, actor == null ? "unknown" : actor, now, change.operation(), change.targetKind(),
                        change.targetId(), change.before(), change.after());
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        snapshots.remove(tenant);
                        currentSchemas.changed(tenant);
                    }
                });
                return change.result();
            });
        } catch (DuplicateKeyException e) {
            throw new PlatformException(ErrorCode.CONFLICT, "Another change created a role of this name first.",
                    List.of(new io.metaplatform.core.Violation("role.name", "DUPLICATE", "is already taken")));
        }
    }

    // Built-in roles a mapping names get a row (with their grants as they are), so the mapping can refer to them.
    private Map<String, UUID> roleIds(TenantId tenant, EffectiveSchema schema, Instant now) {
        Map<String, UUID> ids = new HashMap<>();
        store.roles(tenant).forEach(role -> ids.put(role.name(), role.id()));
        for (String name : BUILT_IN_ROLES) {
            if (!ids.containsKey(name)) {
                TenantRole builtIn = builtIn(schema, name);
                RoleStore.StoredRole stored = toStored(schema, builtIn, null, new Violations());
                store.save(tenant, stored, now);
                ids.put(name, stored.id());
            }
        }
        return ids;
    }

    private RoleStore.StoredRole toStored(EffectiveSchema schema, TenantRole role, TenantRole before, Violations violations) {
        List<RoleStore.StoredGrant> grants = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < role.grants().size(); i++) {
            ObjectGrant grant = role.grants().get(i);
            String at = "role.grants[" + i + "]";
            Optional<ObjectDefinition> object = schema.object(grant.object());
            if (object.isEmpty()) {
                violations.add(at + ".object", "UNKNOWN_OBJECT", grant.object() + " is not an object of this tenant");
                continue;
            }
            if (!seen.add(grant.object())) {
                violations.add(at + ".object", "DUPLICATE", grant.object() + " is granted twice");
                continue;
            }
            Map<UUID, Boolean> fields = new LinkedHashMap<>();
            new TreeMap<>(grant.fields()).forEach((name, editable) -> object.get().field(name).ifPresentOrElse(
                    field -> fields.put(field.id().value(), Boolean.TRUE.equals(editable)),
                    () -> violations.add(at + ".fields." + name, "UNKNOWN_FIELD", name + " is not a field of " + grant.object())));
            grants.add(new RoleStore.StoredGrant(object.get().id().value(), grant.operations().stream().sorted().map(Enum::name).toList(),
                    grant.fieldScope().name(), fields, rule(schema, object.get(), grant.readRule(), at + ".readRule", violations),
                    rule(schema, object.get(), grant.writeRule(), at + ".writeRule", violations)));
        }
        UUID id = before == null ? UUID.randomUUID() : storedId(before);
        boolean builtIn = BUILT_IN_ROLES.contains(role.name());
        return new RoleStore.StoredRole(id, role.name(), role.description(), builtIn, 1, grants);
    }

    private UUID storedId(TenantRole role) {
        TenantId tenant = TenantContext.require();
        return store.roles(tenant).stream().filter(stored -> stored.name().equals(role.name())).map(RoleStore.StoredRole::id).findFirst()
                .orElseGet(UUID::randomUUID);
    }

    private String rule(EffectiveSchema schema, ObjectDefinition object, Map<String, Object> rule, String at, Violations violations) {
        if (rule == null) {
            return null;
        }
        RecordRules.parse(schema, object, rule, at, violations);
        return json.writeValueAsString(rule);
    }

    // ---- resolving ----

    private Snapshot snapshot() {
        TenantId tenant = TenantContext.require();
        if (MetadataStore.changedInThisTransaction(tenant)) {
            // Roles and metadata as this transaction changed them: may roll back, so for no cache.
            EffectiveSchema current = assembler.current(tenant);
            Map<String, TenantRole> roles = roles(tenant, current);
            return new Snapshot(current, roles, compile(current, roles), mapping(tenant, current), new ConcurrentHashMap<>());
        }
        EffectiveSchema schema = currentSchemas.get(tenant, () -> transactions.execute(status -> assembler.current(tenant)));
        Snapshot cached = snapshots.get(tenant);
        if (cached != null && cached.schema().version() == schema.version()) {
            return cached;
        }
        Snapshot loaded = transactions.execute(status -> {
            EffectiveSchema current = assembler.current(tenant);
            Map<String, TenantRole> roles = roles(tenant, current);
            return new Snapshot(current, roles, compile(current, roles), mapping(tenant, current), new ConcurrentHashMap<>());
        });
        if (snapshots.size() >= CACHED_TENANTS) {
            snapshots.clear();
        }
        snapshots.put(tenant, loaded);
        return loaded;
    }

    @SuppressWarnings("unchecked")
    private Map<String, TenantRole> roles(TenantId tenant, EffectiveSchema schema) {
        Map<String, TenantRole> roles = new TreeMap<>();
        BUILT_IN_ROLES.forEach(name -> roles.put(name, builtIn(schema, name)));
        for (RoleStore.StoredRole stored : store.roles(tenant)) {
            if (stored.name().equals(TENANT_ADMIN)) {
                continue;
            }
            List<ObjectGrant> grants = new ArrayList<>();
            for (RoleStore.StoredGrant grant : stored.grants()) {
                schema.object(new ObjectId(grant.objectId())).ifPresent(object -> {
                    Map<String, Boolean> fields = new TreeMap<>();
                    grant.fields().forEach((id, editable) -> object.fields().stream().filter(field -> field.id().value().equals(id)).findFirst()
                            .ifPresent(field -> fields.put(field.apiName().value(), editable)));
                    Set<Operation> operations = EnumSet.noneOf(Operation.class);
                    grant.operations().forEach(operation -> operations.add(Operation.valueOf(operation)));
                    grants.add(new ObjectGrant(object.apiName().value(), operations, FieldScope.valueOf(grant.fieldScope()), fields,
                            grant.readRule() == null ? null : json.readValue(grant.readRule(), Map.class),
                            grant.writeRule() == null ? null : json.readValue(grant.writeRule(), Map.class)));
                });
            }
            grants.sort(java.util.Comparator.comparing(ObjectGrant::object));
            roles.put(stored.name(), new TenantRole(stored.name(), stored.description(), stored.builtIn(), grants));
        }
        return roles;
    }

    private ClaimMapping mapping(TenantId tenant, EffectiveSchema schema) {
        Map<UUID, String> names = new HashMap<>();
        store.roles(tenant).forEach(role -> names.put(role.id(), role.name()));
        Map<String, List<String>> roles = new TreeMap<>();
        store.mappings(tenant).forEach((value, ids) -> roles.put(value, ids.stream().map(names::get).filter(Objects::nonNull).sorted().toList()));
        return new ClaimMapping(store.claim(tenant).orElse(DEFAULT_CLAIM), roles);
    }

    private static TenantRole builtIn(EffectiveSchema schema, String name) {
        return switch (name) {
            case TENANT_ADMIN -> tenantAdmin(schema, FieldScope.ALL);
            case STANDARD_USER -> new TenantRole(STANDARD_USER, "Works with the built-in objects and their built-in fields.", true,
                    builtInObjects(schema, EnumSet.allOf(Operation.class)));
            case READ_ONLY -> new TenantRole(READ_ONLY, "Reads the built-in objects and their built-in fields.", true,
                    builtInObjects(schema, EnumSet.of(Operation.READ)));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static TenantRole tenantAdmin(EffectiveSchema schema, FieldScope scope) {
        return new TenantRole(TENANT_ADMIN, "Everything, also objects and fields added later, and the metadata API.", true,
                sorted(schema.objects()).stream().map(object -> new ObjectGrant(object.apiName().value(), EnumSet.allOf(Operation.class), scope,
                        Map.of(), null, null)).toList());
    }

    private static List<ObjectGrant> builtInObjects(EffectiveSchema schema, Set<Operation> operations) {
        return sorted(schema.objects()).stream().filter(ObjectDefinition::builtIn)
                .map(object -> new ObjectGrant(object.apiName().value(), operations, FieldScope.BUILT_IN, Map.of(), null, null)).toList();
    }

    private static List<ObjectDefinition> sorted(List<ObjectDefinition> objects) {
        return objects.stream().sorted(java.util.Comparator.comparing(object -> object.apiName().value())).toList();
    }

    /** One role's access to one object, with the fields its scope reaches and its rules parsed. */
    private record Compiled(Set<Operation> operations, boolean allFields, Set<String> readable, Set<String> editableFields, Filter readRule,
            Filter writeRule) {

        boolean readable(String field) {
            return allFields || readable.contains(field);
        }

        boolean editable(String field) {
            return allFields || editableFields.contains(field);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Compiled>> compile(EffectiveSchema schema, Map<String, TenantRole> roles) {
        Map<String, Map<String, Compiled>> compiled = new HashMap<>();
        roles.forEach((name, role) -> {
            Map<String, Compiled> objects = new HashMap<>();
            for (ObjectGrant grant : role.grants()) {
                schema.object(grant.object()).ifPresent(object -> {
                    Set<String> readable = new TreeSet<>(grant.fields().keySet());
                    Set<String> editable = new TreeSet<>();
                    grant.fields().forEach((field, edit) -> {
                        if (edit) {
                            editable.add(field);
                        }
                    });
                    if (grant.fieldScope() == FieldScope.BUILT_IN) {
                        object.fields().stream().filter(FieldDefinition::builtIn).forEach(field -> {
                            readable.add(field.apiName().value());
                            editable.add(field.apiName().value());
                        });
                    }
                    // A rule that no longer parses (a field it names was deleted) matches nothing: fail closed.
                    objects.put(object.apiName().value(), new Compiled(grant.operations(), grant.fieldScope() == FieldScope.ALL, readable, editable,
                            parsed(schema, object, grant.readRule()), parsed(schema, object, grant.writeRule())));
                });
            }
            compiled.put(name, objects);
        });
        return compiled;
    }

    private static Filter parsed(EffectiveSchema schema, ObjectDefinition object, Map<String, Object> rule) {
        if (rule == null) {
            return null;
        }
        Violations violations = new Violations();
        Filter filter = RecordRules.parse(schema, object, rule, "rule", violations);
        return violations.isEmpty() ? filter : RecordRules.NOTHING;
    }

    /** A tenant's roles at one metadata version, and the union per role set computed so far. */
    private record Snapshot(EffectiveSchema schema, Map<String, TenantRole> roles, Map<String, Map<String, Compiled>> compiled,
            ClaimMapping mapping, Map<Set<String>, Effective> effective) {

        Effective effective(Set<String> roleNames) {
            return effective.computeIfAbsent(Set.copyOf(roleNames), names -> Effective.union(schema, names.stream()
                    .map(name -> compiled.getOrDefault(name, Map.of())).toList()));
        }
    }

    /** The union of a set of roles: per object the access with rules still referring to {@code $user}. */
    private record Effective(Map<String, ObjectAccess> access, PermissionSet permissions, boolean callerDependent) {

        static Effective union(EffectiveSchema schema, List<Map<String, Compiled>> roles) {
            Map<String, ObjectAccess> access = new TreeMap<>();
            Map<String, ObjectAccess> withoutRules = new TreeMap<>();
            boolean callerDependent = false;
            for (ObjectDefinition object : schema.objects()) {
                String name = object.apiName().value();
                List<Compiled> grants = roles.stream().map(role -> role.get(name)).filter(Objects::nonNull).toList();
                if (grants.isEmpty()) {
                    continue;
                }
                Set<Operation> operations = EnumSet.noneOf(Operation.class);
                Set<String> readable = new TreeSet<>();
                Set<String> editable = new TreeSet<>();
                boolean allFields = false;
                for (Compiled grant : grants) {
                    operations.addAll(grant.operations());
                    allFields |= grant.allFields();
                    readable.addAll(grant.readable());
                    editable.addAll(grant.editableFields());
                }
                Optional<Filter> readRule = rule(grants.stream().filter(grant -> grant.operations().contains(Operation.READ)).toList(), true);
                // Per write operation, the union over the roles that grant that operation: a role that deletes every record
                // does not let a user update every record when the role that updates limits it to their own.
                Map<Operation, Filter> writeRules = new EnumMap<>(Operation.class);
                for (Operation write : WRITES) {
                    rule(grants.stream().filter(grant -> grant.operations().contains(write)).toList(), false)
                            .ifPresent(rule -> writeRules.put(write, rule));
                }
                callerDependent |= readRule.map(RecordRules::refersToUser).orElse(false)
                        || writeRules.values().stream().anyMatch(RecordRules::refersToUser);
                if (allFields) {
                    readable.clear();
                    editable.clear();
                }
                editable.retainAll(allFields ? editable : readable);
                access.put(name, new ObjectAccess(operations, allFields, readable, editable, readRule, writeRules));
                withoutRules.put(name, new ObjectAccess(operations, allFields, readable, editable, Optional.empty(), Map.of()));
            }
            DerivedAccess derived = DerivedAccess.of(schema, access);
            for (ObjectDefinition object : schema.objects()) {
                access.computeIfPresent(object.apiName().value(), (name, granted) -> derived.apply(object, granted));
                withoutRules.computeIfPresent(object.apiName().value(), (name, granted) -> derived.apply(object, granted));
            }
            return new Effective(access, new PermissionSet(withoutRules, fingerprint(withoutRules), derived.hidden()), callerDependent);
        }

        // Union of record rules: a role without a rule reaches every record; otherwise any role's rule lets a record in.
        private static Optional<Filter> rule(List<Compiled> grants, boolean read) {
            List<Filter> rules = new ArrayList<>();
            for (Compiled grant : grants) {
                Filter rule = read ? grant.readRule() : grant.writeRule();
                if (rule == null) {
                    return Optional.empty();
                }
                rules.add(rule);
            }
            if (rules.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(rules.size() == 1 ? rules.getFirst() : new Filter.Or(rules));
        }

        private static String fingerprint(Map<String, ObjectAccess> access) {
            StringBuilder text = new StringBuilder();
            access.forEach((object, grant) -> text.append(object).append('|').append(new TreeSet<>(grant.operations())).append('|')
                    .append(grant.allFields()).append('|').append(new TreeSet<>(grant.readableFields())).append('|')
                    .append(new TreeSet<>(grant.editableFields())).append('\n'));
            return Sha256.hex(text.toString());
        }

        private static Map<Operation, Filter> resolved(Map<Operation, Filter> rules, Caller caller) {
            Map<Operation, Filter> resolved = new EnumMap<>(Operation.class);
            rules.forEach((operation, rule) -> resolved.put(operation, RecordRules.resolve(rule, caller)));
            return resolved;
        }

        RecordPolicy policy(Caller caller) {
            if (!callerDependent) {
                return object -> access.getOrDefault(object, ObjectAccess.none());
            }
            Map<String, ObjectAccess> resolved = new HashMap<>();
            access.forEach((object, grant) -> resolved.put(object, new ObjectAccess(grant.operations(), grant.allFields(),
                    grant.readableFields(), grant.editableFields(), grant.readRule().map(rule -> RecordRules.resolve(rule, caller)),
                    resolved(grant.writeRules(), caller))));
            return object -> resolved.getOrDefault(object, ObjectAccess.none());
        }
    }
}
