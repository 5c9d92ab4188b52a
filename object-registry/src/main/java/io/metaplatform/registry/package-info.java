/**
 * The object registry: object and field definitions (built-in packs plus each tenant's overlay), the
 * metadata operations of tenant admins, and the record store that reads and writes records through
 * those definitions.
 */
package io.metaplatform.registry;
