/** Wiring of the credential cipher: where its keys come from in production and in development. */
package io.metaplatform.core.internal.crypto;
