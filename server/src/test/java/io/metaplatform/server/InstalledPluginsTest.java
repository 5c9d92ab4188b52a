package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ConnectorApi;
import io.metaplatform.plugins.runtime.ConnectorCatalog;
import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.ObjectDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** The build installs this repository's connectors into the plugins folder, and the server loads them from there. */
class InstalledPluginsTest extends ApiTestSupport {

    // The plugin loader's catalog itself: the admin API tests put a catalog with an in-test connector in front of it.
    @Autowired
    @Qualifier("connectorCatalog")
    ConnectorCatalog catalog;

    @Test
    void theServerLoadsTheCsvConnectorFromThePluginsFolderInItsOwnClassLoader() {
        assertThat(catalog.find("csv")).as("the csv connector in the plugins folder %s (installed by plugins/distribution at package)",
                System.getProperty("platform.plugins.dir")).isPresent();
        var csv = catalog.find("csv").orElseThrow();

        assertThat(csv.source()).startsWith("csv-connector-").endsWith(".jar");
        assertThat(csv.descriptor().apiVersion()).isEqualTo(ConnectorApi.VERSION);
        assertThat(csv.classLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(csv.connector().getClass().getClassLoader()).isSameAs(csv.classLoader());
        assertThat(catalog.find("lexware")).as("the lexware connector").isPresent();
        assertThat(catalog.find("yclients")).as("the yclients connector").isPresent();
        assertThat(catalog.find("amocrm")).as("the amoCRM connector").isPresent();
        assertThat(catalog.refused()).isEmpty();
    }

    @Test
    void everyDefaultMappingOfAnInstalledConnectorTargetsABuiltInFieldOrOneItsManagedPackageBrings() {
        Map<String, ObjectDefinition> objects = BuiltInPacks.objects().stream()
                .collect(Collectors.toMap(object -> object.apiName().value(), object -> object));
        List<String> problems = new ArrayList<>();
        for (var loaded : catalog.loaded()) {
            var managed = loaded.descriptor().managedPackage().map(declared -> declared.fields().stream()
                    .map(field -> field.object() + "." + field.apiName()).collect(Collectors.toSet())).orElse(java.util.Set.of());
            for (var stream : loaded.descriptor().streams()) {
                stream.targetObject().ifPresent(target -> stream.mappings().forEach(mapping -> {
                    ObjectDefinition object = objects.get(target);
                    // A field the connector's managed package brings (amoCRM's deal.amoClosedAt) is installed with its connection.
                    boolean builtIn = object != null && object.field(mapping.targetField()).isPresent();
                    if (!builtIn && !managed.contains(target + "." + mapping.targetField())) {
                        problems.add(loaded.descriptor().id() + "." + stream.name() + ": " + mapping.externalField() + " -> "
                                + target + "." + mapping.targetField());
                    }
                }));
            }
        }

        assertThat(catalog.find("lexware")).as("the lexware connector is installed").isPresent();
        assertThat(problems).as("mappings into fields the built-in objects lack").isEmpty();
    }

    @Test
    void pluginsAreNotOnTheServersClassPath() {
        assertThatThrownBy(() -> Class.forName("io.metaplatform.plugins.csv.CsvConnector"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
