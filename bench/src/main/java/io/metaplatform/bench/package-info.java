/** Benchmarks that print figures, of the object registry's record store and of the GraphQL API over HTTP; run by the bench profiles only. */
package io.metaplatform.bench;
