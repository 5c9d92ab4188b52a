/** A tenant's customisations as one JSON document (a metadata package), retrieved section by section. */
package io.metaplatform.registry.packages;
