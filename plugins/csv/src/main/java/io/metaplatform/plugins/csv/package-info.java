/**
 * The CSV connector plugin: imports rows of a CSV file, uploaded or fetched from a URL, into the
 * object a tenant admin chooses, one record per row keyed by a column. Depends on the connector SPI
 * and the JDK only.
 */
package io.metaplatform.plugins.csv;
