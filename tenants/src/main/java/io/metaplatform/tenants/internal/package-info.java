/** Storage and HTTP endpoints of the tenants module; not for use by other modules. */
package io.metaplatform.tenants.internal;
