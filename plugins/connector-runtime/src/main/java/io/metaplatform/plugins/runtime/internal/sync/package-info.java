/**
 * The sync engine: pulls external records into the registry and pushes local changes out, with
 * external-id mapping, checkpoints committed with the records, and dead letters.
 */
package io.metaplatform.plugins.runtime.internal.sync;
