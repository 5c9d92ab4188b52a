/** JWT validation against trusted issuers, roles, the request's tenant, and the dev issuer's guard. */
package io.metaplatform.core.internal.security;
