package io.metaplatform.registry.packages;

import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Retrieves the current tenant's customisations as one metadata package document. Thread-safe.
 */
@Service
public class MetadataPackages {

    /** The version of the package format this platform writes and reads. */
    public static final String PACKAGE_VERSION = "1.0";

    private final List<PackageSection> sections;
    private final TransactionTemplate transactions;

    MetadataPackages(List<PackageSection> sections, TransactionTemplate transactions) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(PackageSection::order).thenComparing(PackageSection::name))
                .toList();
        this.transactions = transactions;
    }

    /** The document, read in one transaction so every section sees the same metadata version. */
    public ObjectNode retrieve() {
        return transactions.execute(status -> {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode document = nodes.objectNode();
            document.put("packageVersion", PACKAGE_VERSION);
            document.put("platformVersion", platformVersion());
            for (PackageSection section : sections) {
                document.set(section.name(), section.retrieve(nodes));
            }
            return document;
        });
    }

    static String platformVersion() {
        String version = MetadataPackages.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
