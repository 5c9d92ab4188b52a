/** Connections, transactions that carry the tenant into PostgreSQL, and migrations run as the owner. */
package io.metaplatform.core.internal.persistence;
