/** Schema generation, generic data fetchers, scalars, limits and error mapping of the GraphQL API. */
package io.metaplatform.graphql.internal;
