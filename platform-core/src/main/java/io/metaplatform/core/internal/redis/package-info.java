/** The optional shared Redis: connection set-up, single-instance fallback and health. */
package io.metaplatform.core.internal.redis;
