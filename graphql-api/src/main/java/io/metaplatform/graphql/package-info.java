/** The GraphQL API generated per tenant from its effective metadata, served at {@code /graphql}. */
package io.metaplatform.graphql;
