package io.metaplatform.graphql.internal;

import io.metaplatform.registry.packages.PackageSchema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The published JSON Schema of metadata packages, public like any schema a CI tool or editor fetches. */
@RestController
final class MetadataPackageSchemaEndpoint {

    @GetMapping("/api/schemas/metadata-package")
    ResponseEntity<String> schema() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("application/schema+json")).body(PackageSchema.text());
    }
}
