/** A benchmark of the CSV connector plugin alone: parse and emit rate, without the platform's sync engine. */
package io.metaplatform.bench.csv;
