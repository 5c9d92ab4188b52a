/** Platform-wide API: tenant context, principals and roles, the error model and database coordinates. */
package io.metaplatform.core;
