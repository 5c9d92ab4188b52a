/** Platform-wide API: tenant context, principals and roles, the error model, database coordinates and shared token buckets. */
package io.metaplatform.core;
