package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * A custom object a connector brings (see {@link ManagedPackage}).
 *
 * @param apiName       the object's API name, starting with the package's namespace ({@code ycVisit})
 * @param labelSingular what one record is called ({@code Visit})
 * @param labelPlural   what several are called ({@code Visits})
 * @param description   one sentence for the admin, may be empty
 */
public record ManagedObject(String apiName, String labelSingular, String labelPlural, String description) {

    public ManagedObject {
        Objects.requireNonNull(apiName, "apiName");
        Objects.requireNonNull(labelSingular, "labelSingular");
        Objects.requireNonNull(labelPlural, "labelPlural");
        description = description == null ? "" : description;
    }
}
