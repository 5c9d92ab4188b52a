package io.metaplatform.plugins.lexware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The plugin's class loader offers the connector SPI and the JDK only, so the plugin may use nothing else.
 * The fake Lexware (module lexware-fake, package {@code ….lexware.fake}) is test support on the test class path, not part of the plugin.
 */
@AnalyzeClasses(packages = "io.metaplatform.plugins.lexware", importOptions = ImportOption.DoNotIncludeTests.class)
class LexwarePluginDependenciesTest {

    @ArchTest
    static final ArchRule dependsOnlyOnTheSpiAndTheJdk = classes().that().resideInAPackage("io.metaplatform.plugins.lexware..")
            .and().resideOutsideOfPackage("io.metaplatform.plugins.lexware.fake..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.metaplatform.plugins.api..", "io.metaplatform.plugins.lexware..");

    @ArchTest
    static final ArchRule onlyTheConnectorIsOutsideInternal = classes().that().resideInAPackage("io.metaplatform.plugins.lexware")
            .and().arePublic().should().haveSimpleName("LexwareConnector");
}
