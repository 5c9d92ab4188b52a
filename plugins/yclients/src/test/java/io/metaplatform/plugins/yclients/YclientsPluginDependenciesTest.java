package io.metaplatform.plugins.yclients;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The plugin's class loader offers the connector SPI and the JDK only, so the plugin may use nothing else.
 * The fake YCLIENTS (module yclients-fake, package {@code ….yclients.fake}) is test support, not part of the plugin.
 */
@AnalyzeClasses(packages = "io.metaplatform.plugins.yclients", importOptions = ImportOption.DoNotIncludeTests.class)
class YclientsPluginDependenciesTest {

    @ArchTest
    static final ArchRule dependsOnlyOnTheSpiAndTheJdk = classes().that().resideInAPackage("io.metaplatform.plugins.yclients..")
            .and().resideOutsideOfPackage("io.metaplatform.plugins.yclients.fake..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.metaplatform.plugins.api..", "io.metaplatform.plugins.yclients..");

    @ArchTest
    static final ArchRule onlyTheConnectorIsOutsideInternal = classes().that().resideInAPackage("io.metaplatform.plugins.yclients")
            .and().arePublic().should().haveSimpleName("YclientsConnector");
}
