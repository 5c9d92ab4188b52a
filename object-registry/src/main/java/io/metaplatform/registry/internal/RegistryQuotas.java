package io.metaplatform.registry.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.registry.quotas.*}: limits per tenant.
 *
 * @param customObjects custom objects per tenant
 * @param fieldsPerObject custom fields per object (deleted but not purged fields count)
 * @param uniqueFieldsPerObject unique custom fields per object
 */
@ConfigurationProperties("platform.registry.quotas")
public record RegistryQuotas(Integer customObjects, Integer fieldsPerObject, Integer uniqueFieldsPerObject) {

    public RegistryQuotas {
        customObjects = customObjects == null ? 200 : customObjects;
        fieldsPerObject = fieldsPerObject == null ? 500 : fieldsPerObject;
        uniqueFieldsPerObject = uniqueFieldsPerObject == null ? 20 : uniqueFieldsPerObject;
    }
}
