package io.metaplatform.plugins.csv;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** A plugin sees only the connector SPI and the JDK at runtime, so it may use nothing else. */
@AnalyzeClasses(packages = "io.metaplatform.plugins.csv", importOptions = ImportOption.DoNotIncludeTests.class)
class CsvPluginDependenciesTest {

    @ArchTest
    static final ArchRule dependsOnlyOnTheSpiAndTheJdk = classes().that().resideInAPackage("io.metaplatform.plugins.csv..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.metaplatform.plugins.api..", "io.metaplatform.plugins.csv..");
}
