package io.metaplatform.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point one way (ARCHITECTURE.md), and no module reaches into another's internals. */
@AnalyzeClasses(packages = "io.metaplatform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that().resideInAPackage("io.metaplatform.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.metaplatform.tenants..", "io.metaplatform.server..");

    @ArchTest
    static final ArchRule registryDependsOnlyOnCore = noClasses().that().resideInAPackage("io.metaplatform.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.metaplatform.tenants..", "io.metaplatform.server..");

    @ArchTest
    static final ArchRule registryInternalsStayInTheRegistry = noClasses().that().resideOutsideOfPackage("io.metaplatform.registry..")
            .should().dependOnClassesThat().resideInAPackage("io.metaplatform.registry.internal..");

    @ArchTest
    static final ArchRule registryServicesDoNotTouchJooq = noClasses().that().resideInAPackage("io.metaplatform.registry")
            .should().dependOnClassesThat().resideInAPackage("org.jooq..");

    @ArchTest
    static final ArchRule tenantsDoNotDependOnTheServer = noClasses().that().resideInAPackage("io.metaplatform.tenants..")
            .should().dependOnClassesThat().resideInAPackage("io.metaplatform.server..");

    @ArchTest
    static final ArchRule noAccessToAnotherModulesInternals = noClasses().that().resideOutsideOfPackage("io.metaplatform.core..")
            .should().dependOnClassesThat().resideInAPackage("io.metaplatform.core.internal..");

    @ArchTest
    static final ArchRule tenantInternalsStayInTenants = noClasses().that().resideOutsideOfPackage("io.metaplatform.tenants..")
            .should().dependOnClassesThat().resideInAPackage("io.metaplatform.tenants.internal..");

    @ArchTest
    static final ArchRule connectorRuntimeInternalsStayInTheRuntime = noClasses().that().resideOutsideOfPackage("io.metaplatform.plugins.runtime..")
            .should().dependOnClassesThat().resideInAPackage("io.metaplatform.plugins.runtime.internal..");

    @ArchTest
    static final ArchRule connectorRuntimeServicesDoNotTouchJooq = noClasses().that().resideInAPackage("io.metaplatform.plugins.runtime")
            .should().dependOnClassesThat().resideInAPackage("org.jooq..");

    @ArchTest
    static final ArchRule onlyStoresTouchJooq = noClasses().that().resideInAPackage("io.metaplatform.tenants")
            .should().dependOnClassesThat().resideInAPackage("org.jooq..");

    /** Plugins compile against the connector SPI and see nothing else of the platform at runtime (plugins/csv checks itself the same way). */
    @ArchTest
    static final ArchRule connectorApiDependsOnTheJdkOnly = classes().that().resideInAPackage("io.metaplatform.plugins.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.metaplatform.plugins.api..");
}
