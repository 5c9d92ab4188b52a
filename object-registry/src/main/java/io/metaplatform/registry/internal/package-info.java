/** Storage of metadata and records (jOOQ), value conversion and validation; not for use by other modules. */
package io.metaplatform.registry.internal;
