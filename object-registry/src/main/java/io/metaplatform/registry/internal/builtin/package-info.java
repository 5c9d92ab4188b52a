/** The built-in definition packs (CRM, sales and finance, work), versioned in code, the same for every tenant. */
package io.metaplatform.registry.internal.builtin;
