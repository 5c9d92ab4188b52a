package io.metaplatform.graphql.internal;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.ClaimMapping;
import io.metaplatform.registry.RecordPolicy.Operation;
import io.metaplatform.registry.RoleService;
import io.metaplatform.registry.TenantRole;
import io.metaplatform.registry.TenantRole.FieldScope;
import io.metaplatform.registry.TenantRole.ObjectGrant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The permission operations of {@code /graphql/admin} ({@code admin-schema/extensions/permissions.graphqls}). */
@Component
final class PermissionsAdminWiring implements RuntimeWiringConfigurer {

    private final RoleService roles;

    PermissionsAdminWiring(RoleService roles) {
        this.roles = roles;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("roles", environment -> roles.roles().stream().map(PermissionsAdminWiring::view).toList())
                        .dataFetcher("role", environment -> roles.role(environment.getArgument("name")).map(PermissionsAdminWiring::view)
                                .orElse(null))
                        .dataFetcher("roleClaimMapping", environment -> view(roles.claimMapping()))
                        .dataFetcher("effectivePermissions", environment -> effective(environment.getArgument("user"))))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("saveRole", byUser(environment -> view(roles.saveRole(role(environment.getArgument("input")), actor()))))
                        .dataFetcher("copyRole", byUser(environment -> view(roles.copyRole(environment.getArgument("from"),
                                environment.getArgument("to"), environment.getArgument("description"), actor()))))
                        .dataFetcher("deleteRole", byUser(environment -> {
                            roles.deleteRole(environment.getArgument("name"), actor());
                            return true;
                        }))
                        .dataFetcher("setRoleClaimMapping", byUser(environment -> {
                            List<Map<String, Object>> mappings = environment.getArgument("mappings");
                            Map<String, List<String>> byValue = new TreeMap<>();
                            for (Map<String, Object> mapping : mappings) {
                                @SuppressWarnings("unchecked")
                                List<String> names = (List<String>) mapping.get("roles");
                                byValue.computeIfAbsent((String) mapping.get("value"), value -> new ArrayList<>()).addAll(names);
                            }
                            return view(roles.setClaimMapping(new ClaimMapping(environment.getArgument("claim"), byValue), actor()));
                        })));
    }

    // A key cannot change what keys and users may do, so a leaked key cannot widen its own access.
    private static DataFetcher<Object> byUser(DataFetcher<Object> fetcher) {
        return environment -> {
            if (PlatformPrincipal.viaApiKey()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "Permissions are managed with a user's token, not with an API key.");
            }
            return fetcher.get(environment);
        };
    }

    private static String actor() {
        return PlatformPrincipal.current().subject();
    }

    @SuppressWarnings("unchecked")
    private static TenantRole role(Map<String, Object> input) {
        List<ObjectGrant> grants = new ArrayList<>();
        for (Map<String, Object> grant : (List<Map<String, Object>>) input.get("grants")) {
            Set<Operation> operations = EnumSet.noneOf(Operation.class);
            ((List<Object>) grant.get("operations")).forEach(operation -> operations.add(Operation.valueOf(String.valueOf(operation))));
            Map<String, Boolean> fields = new TreeMap<>();
            List<Map<String, Object>> listed = (List<Map<String, Object>>) grant.get("fields");
            if (listed != null) {
                listed.forEach(field -> fields.put((String) field.get("field"), Boolean.TRUE.equals(field.get("edit"))));
            }
            Object scope = grant.get("fieldScope");
            grants.add(new ObjectGrant((String) grant.get("object"), operations, scope == null ? FieldScope.LISTED : FieldScope.valueOf(
                    String.valueOf(scope)), fields, rule(grant.get("readRule"), "readRule"), rule(grant.get("writeRule"), "writeRule")));
        }
        return new TenantRole((String) input.get("name"), (String) input.get("description"), false, grants);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rule(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw PlatformException.validation(List.of(new Violation("input.grants." + field, "INVALID_RULE", "must be a JSON object (a filter)")));
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> effective(Map<String, Object> user) {
        Set<String> held = new TreeSet<>();
        List<String> given = (List<String>) user.get("roles");
        if (given != null) {
            held.addAll(given);
        }
        Object claims = user.get("claims");
        if (claims instanceof Map<?, ?> map) {
            held.addAll(roles.rolesFromClaims((Map<String, Object>) map));
        } else if (claims != null) {
            throw PlatformException.validation(List.of(new Violation("user.claims", "INVALID_CLAIMS", "must be a JSON object")));
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        RoleService.PermissionSet permissions = roles.permissions(held);
        for (RoleService.ObjectExplanation explanation : roles.explain(held)) {
            unknown.addAll(explanation.unknownRoles());
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("object", explanation.object());
            object.put("visible", permissions.access(explanation.object()).can(Operation.READ));
            object.put("operations", new TreeSet<>(permissions.access(explanation.object()).operations()).stream().map(Enum::name).toList());
            List<Map<String, Object>> grantedBy = new ArrayList<>();
            explanation.operationsByRole().forEach((role, operations) -> grantedBy.add(Map.of("role", role, "operations",
                    new TreeSet<>(operations).stream().map(Enum::name).toList())));
            object.put("grantedBy", grantedBy);
            List<Map<String, Object>> fields = new ArrayList<>();
            explanation.fieldReadBy().forEach((field, readers) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("field", field);
                one.put("readBy", readers);
                one.put("editBy", explanation.fieldEditBy().getOrDefault(field, List.of()));
                one.put("hiddenBecause", permissions.hiddenBecause(explanation.object(), field).orElse(null));
                fields.add(one);
            });
            object.put("fields", fields);
            objects.add(object);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("roles", List.copyOf(held));
        result.put("unknownRoles", List.copyOf(unknown));
        result.put("objects", objects);
        return result;
    }

    private static Map<String, Object> view(TenantRole role) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", role.name());
        view.put("description", role.description());
        view.put("builtIn", role.builtIn());
        view.put("grants", role.grants().stream().map(grant -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("object", grant.object());
            one.put("operations", new TreeSet<>(grant.operations()).stream().map(Enum::name).toList());
            one.put("fieldScope", grant.fieldScope().name());
            one.put("fields", new TreeMap<>(grant.fields()).entrySet().stream()
                    .map(field -> Map.<String, Object>of("field", field.getKey(), "edit", field.getValue())).toList());
            one.put("readRule", grant.readRule());
            one.put("writeRule", grant.writeRule());
            return one;
        }).toList());
        return view;
    }

    private static Map<String, Object> view(ClaimMapping mapping) {
        return Map.of("claim", mapping.claim(), "mappings", new TreeMap<>(mapping.roles()).entrySet().stream()
                .map(entry -> Map.<String, Object>of("value", entry.getKey(), "roles", entry.getValue())).toList());
    }
}
