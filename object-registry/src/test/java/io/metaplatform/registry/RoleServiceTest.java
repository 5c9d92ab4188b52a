package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaplatform.core.Caller;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordPolicy.Operation;
import io.metaplatform.registry.TenantRole.FieldScope;
import io.metaplatform.registry.TenantRole.ObjectGrant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Roles resolve to the policy the record store enforces: union of grants, $user resolved, fail closed. */
class RoleServiceTest extends RegistryTestSupport {

    @Autowired
    RoleService roles;

    @BeforeEach
    void jobsWithAnOwner() {
        run(() -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));
        addField("job", "title", new FieldType.Text(100));
        addField("job", "owner", new FieldType.Text(100));
        addField("job", "team", new FieldType.Text(100));
        addField("company", "margin", new FieldType.Decimal(10, 2));
    }

    private static Caller user(String subject, Set<String> roles, Map<String, String> attributes) {
        return new Caller(subject, Caller.Kind.USER, roles, attributes);
    }

    private ObjectAccess access(Caller caller, String object) {
        return inTenant(() -> roles.policyFor(caller).access(object));
    }

    private TenantRole ownJobs() {
        return new TenantRole("jobOwners", "Their own jobs", false, List.of(new ObjectGrant("job", EnumSet.of(Operation.READ, Operation.UPDATE),
                FieldScope.LISTED, Map.of("title", true, "owner", false), Map.of("owner", Map.of("eq", "$user")),
                Map.of("team", Map.of("eq", "$user.team")))));
    }

    @Test
    void anUnknownRoleGrantsNothing() {
        Caller root = user("mallory", Set.of("root"), Map.of());

        assertThat(access(root, "company")).isEqualTo(ObjectAccess.none());
        assertThat(access(root, "job")).isEqualTo(ObjectAccess.none());
        assertThat(access(user("nobody", Set.of(), Map.of()), "company").can(Operation.READ)).isFalse();
    }

    @Test
    void newCustomObjectsAndFieldsBelongToTheTenantAdminUntilGranted() {
        Caller standard = user("sam", Set.of(RoleService.STANDARD_USER), Map.of());
        Caller admin = user("ada", Set.of(RoleService.TENANT_ADMIN), Map.of());

        assertThat(access(standard, "company").operations()).isEqualTo(EnumSet.allOf(Operation.class));
        assertThat(access(standard, "company").canRead("name")).isTrue();
        assertThat(access(standard, "company").canRead("margin")).isFalse();
        assertThat(access(standard, "job")).isEqualTo(ObjectAccess.none());
        assertThat(access(admin, "job").isFull()).isTrue();
        assertThat(access(admin, "company").canRead("margin")).isTrue();
        ObjectAccess readOnly = access(user("rita", Set.of(RoleService.READ_ONLY), Map.of()), "company");
        assertThat(readOnly.operations()).containsExactly(Operation.READ);
    }

    @Test
    void standardUserAsTheRolesUpgradeLeavesItKeepsTheDefinitionsOfThenAndLaterOnesStayTheAdmins() {
        // The shape V2026.12.08.0900 stores for a tenant customised before roles existed: the built-in grants plus every
        // custom object and field of then, listed (StandardUserUpgradeMigrationTest checks the rows it writes).
        inTenant(() -> roles.saveRole(new TenantRole(RoleService.STANDARD_USER, "upgraded", true, List.of(
                new ObjectGrant("company", EnumSet.allOf(Operation.class), FieldScope.BUILT_IN, Map.of("margin", true), null, null),
                new ObjectGrant("job", EnumSet.allOf(Operation.class), FieldScope.BUILT_IN, Map.of("title", true, "owner", true, "team", true),
                        null, null))), "migration"));
        addField("company", "rating", new FieldType.Int());
        addField("job", "budget", new FieldType.Decimal(10, 2));
        Caller standard = user("sam", Set.of(RoleService.STANDARD_USER), Map.of());

        assertThat(access(standard, "company").canEdit("margin")).isTrue();
        assertThat(access(standard, "company").canEdit("name")).isTrue();
        assertThat(access(standard, "job").canEdit("title")).isTrue();
        assertThat(access(standard, "job").operations()).isEqualTo(EnumSet.allOf(Operation.class));
        assertThat(access(standard, "company").canRead("rating")).isFalse();
        assertThat(access(standard, "job").canRead("budget")).isFalse();
    }

    @Test
    void recordRulesResolveTheCallerAndAMissingAttributeMatchesNothing() {
        inTenant(() -> roles.saveRole(ownJobs(), "ada"));

        ObjectAccess alice = access(user("alice", Set.of("jobOwners"), Map.of("team", "north")), "job");
        assertThat(alice.readRule()).contains(Filter.compare("owner", Filter.Operator.EQ, "alice"));
        assertThat(alice.writeRule(Operation.UPDATE)).contains(Filter.compare("team", Filter.Operator.EQ, "north"));
        assertThat(alice.canRead("title")).isTrue();
        assertThat(alice.canEdit("title")).isTrue();
        assertThat(alice.canEdit("owner")).isFalse();
        assertThat(alice.canRead("team")).isFalse();
        assertThat(alice.can(Operation.CREATE)).isFalse();

        ObjectAccess bob = access(user("bob", Set.of("jobOwners"), Map.of()), "job");
        assertThat(bob.readRule()).contains(Filter.compare("owner", Filter.Operator.EQ, "bob"));
        assertThat(bob.writeRule(Operation.UPDATE)).contains(Filter.compare("id", Filter.Operator.IS_NULL, true));
    }

    @Test
    void effectiveAccessIsTheUnionOfTheRoles() {
        inTenant(() -> roles.saveRole(ownJobs(), "ada"));
        inTenant(() -> roles.saveRole(new TenantRole("jobCreators", null, false, List.of(new ObjectGrant("job", EnumSet.of(Operation.CREATE),
                FieldScope.LISTED, Map.of("team", true), null, null))), "ada"));

        ObjectAccess both = access(user("alice", Set.of("jobOwners", "jobCreators"), Map.of("team", "north")), "job");
        assertThat(both.operations()).containsExactlyInAnyOrder(Operation.READ, Operation.UPDATE, Operation.CREATE);
        assertThat(both.canEdit("team")).isTrue();
        // The read rule comes from the only role that reads; the creator role creates without a rule, which does not lift
        // the owners' rule on updates.
        assertThat(both.readRule()).contains(Filter.compare("owner", Filter.Operator.EQ, "alice"));
        assertThat(both.writeRule(Operation.CREATE)).isEmpty();
        assertThat(both.writeRule(Operation.UPDATE)).contains(Filter.compare("team", Filter.Operator.EQ, "north"));
        assertThat(both.writeRule(Operation.DELETE)).as("no role grants DELETE").isEmpty();
        assertThat(both.can(Operation.DELETE)).isFalse();
        assertThat(inTenant(() -> roles.permissions(Set.of("jobOwners", "jobCreators")).fingerprint()))
                .isEqualTo(inTenant(() -> roles.permissions(Set.of("jobCreators", "jobOwners", "unknown")).fingerprint()))
                .isNotEqualTo(inTenant(() -> roles.permissions(Set.of("jobOwners")).fingerprint()));
    }

    @Test
    void aFormulaOrRollupComputedFromWhatTheRolesHideIsHiddenToo() {
        addField("company", "marginText", new FieldType.Formula("TEXT(margin)", FieldType.ResultKind.TEXT));
        addField("deal", "companyMargin", new FieldType.Formula("company.margin", FieldType.ResultKind.DECIMAL));
        addField("company", "contactCount", new FieldType.Rollup(ApiName.of("contacts"), ApiName.of("id"), FieldType.RollupFunction.COUNT,
                null, 0));
        ObjectGrant readInvoices = new ObjectGrant("invoice", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null);
        inTenant(() -> roles.saveRole(new TenantRole("clerk", null, false, List.of(
                new ObjectGrant("company", EnumSet.of(Operation.READ), FieldScope.LISTED, Map.of("name", false, "marginText", false), null, null),
                new ObjectGrant("deal", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null),
                readInvoices,
                new ObjectGrant("payment", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), Map.of("method", Map.of("eq", "CASH")),
                        null))), "ada"));
        inTenant(() -> roles.saveRole(new TenantRole("auditor", null, false, List.of(
                new ObjectGrant("company", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null), readInvoices,
                new ObjectGrant("invoiceLine", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null),
                new ObjectGrant("contact", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null),
                new ObjectGrant("payment", EnumSet.of(Operation.READ), FieldScope.ALL, Map.of(), null, null))), "ada"));
        Caller clerk = user("cleo", Set.of("clerk"), Map.of());

        assertThat(access(clerk, "company").canRead("name")).isTrue();
        assertThat(access(clerk, "company").canRead("marginText")).as("TEXT(margin) would show the margin").isFalse();
        assertThat(access(clerk, "deal").canRead("companyMargin")).isFalse();
        assertThat(access(clerk, "deal").canRead("name")).isTrue();
        // paidAmount sums payments a read rule limits; balance and paymentStatus are computed from paidAmount.
        assertThat(access(clerk, "invoice").canRead("paidAmount")).isFalse();
        assertThat(access(clerk, "invoice").canRead("balance")).isFalse();
        assertThat(access(clerk, "invoice").canRead("paymentStatus")).isFalse();
        assertThat(access(clerk, "invoice").canRead("number")).isTrue();
        assertThat(access(clerk, "invoice").canRead("linesGross")).as("no role grants invoice lines").isFalse();
        RoleService.PermissionSet permissions = inTenant(() -> roles.permissions(Set.of("clerk")));
        assertThat(permissions.hiddenBecause("company", "marginText")).hasValue("reads company.margin, which is not readable");
        assertThat(permissions.hiddenBecause("invoice", "paidAmount")).hasValue("sums up payment records, which a read rule limits");
        assertThat(permissions.hiddenBecause("company", "name")).isEmpty();

        ObjectAccess auditor = access(user("aldo", Set.of("auditor"), Map.of()), "invoice");
        assertThat(auditor.canRead("paidAmount")).isTrue();
        assertThat(auditor.canRead("linesGross")).isTrue();
        assertThat(auditor.canRead("balance")).isTrue();
        assertThat(access(user("aldo", Set.of("auditor"), Map.of()), "company").canRead("marginText")).isTrue();
        assertThat(access(user("aldo", Set.of("auditor"), Map.of()), "company").canRead("contactCount")).as("COUNT names id").isTrue();
        ObjectAccess both = access(user("bea", Set.of("clerk", "auditor"), Map.of()), "invoice");
        assertThat(both.canRead("paidAmount")).as("the auditor reads every payment").isTrue();
        assertThat(both.canRead("balance")).isTrue();
    }

    @Test
    void grantingACustomFieldToTheStandardUserMakesItVisible() {
        TenantRole standard = inTenant(() -> roles.role(RoleService.STANDARD_USER)).orElseThrow();
        List<ObjectGrant> grants = new java.util.ArrayList<>(standard.grants().stream()
                .map(grant -> grant.object().equals("company") ? new ObjectGrant("company", grant.operations(), grant.fieldScope(),
                        Map.of("margin", false), null, null) : grant).toList());
        inTenant(() -> roles.saveRole(new TenantRole(standard.name(), standard.description(), true, grants), "ada"));

        ObjectAccess company = access(user("sam", Set.of(RoleService.STANDARD_USER), Map.of()), "company");
        assertThat(company.canRead("margin")).isTrue();
        assertThat(company.canEdit("margin")).isFalse();
        assertThat(company.canEdit("name")).isTrue();
        assertThat(inTenant(() -> metadata.changeLog(10, null)).entries()).extracting(MetadataChangeEntry::operation).contains("UPDATE_ROLE");

        inTenant(() -> {
            roles.deleteRole(RoleService.STANDARD_USER, "ada");
            return null;
        });
        assertThat(access(user("sam", Set.of(RoleService.STANDARD_USER), Map.of()), "company").canRead("margin")).isFalse();
    }

    @Test
    void claimValuesMapToRolesAndUnknownRolesAreRefused() {
        inTenant(() -> roles.saveRole(ownJobs(), "ada"));
        inTenant(() -> roles.setClaimMapping(new ClaimMapping("roles", Map.of("sales", List.of("jobOwners", RoleService.READ_ONLY))), "ada"));

        assertThat(inTenant(() -> roles.rolesFromClaims(Map.of("roles", List.of("sales", "other"), "groups", List.of("sales")))))
                .containsExactly("jobOwners", RoleService.READ_ONLY);
        assertThat(inTenant(() -> roles.rolesFromClaims(Map.of("groups", List.of("sales"))))).isEmpty();

        PlatformException refused = catchThrowableOfType(PlatformException.class,
                () -> inTenant(() -> roles.setClaimMapping(new ClaimMapping("roles", Map.of("x", List.of("root"))), "ada")));
        assertThat(refused.violations()).extracting(io.metaplatform.core.Violation::field, io.metaplatform.core.Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mapping.roles.x", "UNKNOWN_ROLE"));
    }

    @Test
    void badGrantsAreReportedPerFieldAtOnce() {
        TenantRole bad = new TenantRole("bad role", null, false, List.of(
                new ObjectGrant("nosuch", EnumSet.of(Operation.READ), FieldScope.LISTED, Map.of(), null, null),
                new ObjectGrant("job", EnumSet.of(Operation.READ), FieldScope.LISTED, Map.of("salary", false),
                        Map.of("owner", Map.of("equals", "$user")), Map.of("nosuch", Map.of("eq", 1)))));

        PlatformException refused = catchThrowableOfType(PlatformException.class, () -> inTenant(() -> roles.saveRole(bad, "ada")));

        assertThat(violationFields(refused)).containsExactlyInAnyOrder("role.name", "role.grants[0].object", "role.grants[1].fields.salary",
                "role.grants[1].readRule.owner.equals", "role.grants[1].writeRule.nosuch");
        assertThat(violationCodes(refused)).containsExactlyInAnyOrder("INVALID_NAME", "UNKNOWN_OBJECT", "UNKNOWN_FIELD", "UNKNOWN_OPERATOR",
                "UNKNOWN_FIELD");
        PlatformException admin = catchThrowableOfType(PlatformException.class, () -> inTenant(() -> roles.saveRole(
                new TenantRole(RoleService.TENANT_ADMIN, null, true, List.of()), "ada")));
        assertThat(violationCodes(admin)).containsExactly("BUILT_IN");
    }

    @Test
    void rolesAndMappingsOfOneTenantHaveNoEffectInAnother() {
        inTenant(() -> roles.saveRole(ownJobs(), "ada"));
        inTenant(() -> roles.setClaimMapping(new ClaimMapping("groups", Map.of("sales", List.of("jobOwners"))), "ada"));
        TenantId other = TenantId.random();
        as(other, () -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));

        assertThat(as(other, () -> roles.rolesFromClaims(Map.of("groups", List.of("sales"))))).isEmpty();
        assertThat(as(other, () -> roles.policyFor(user("alice", Set.of("jobOwners"), Map.of())).access("job"))).isEqualTo(ObjectAccess.none());
        assertThat(as(other, () -> roles.role("jobOwners"))).isEqualTo(Optional.empty());
    }
}
