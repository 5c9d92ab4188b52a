/** Managed packages: the objects and fields connectors install into a tenant's metadata, and their protection. */
package io.metaplatform.plugins.runtime.internal.packages;
