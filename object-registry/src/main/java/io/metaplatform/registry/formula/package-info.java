/**
 * The formula language of derived fields: parsed and type-checked against an object's metadata into one typed tree, which
 * renders to SQL with jOOQ and evaluates in Java with the same semantics.
 */
package io.metaplatform.registry.formula;
