/**
 * The service provider interface a connector plugin compiles against: a connector describes
 * itself ({@link io.metaplatform.plugins.api.ConnectorDescriptor}) and implements
 * {@link io.metaplatform.plugins.api.Connector}; everything else (credentials, HTTP limits and
 * retries, scheduling, checkpoints, the mapping of external ids to records) belongs to the platform.
 *
 * <p>This package depends on the JDK only. Unless a method says otherwise, parameters and return
 * values are never {@code null}.
 */
package io.metaplatform.plugins.api;
