/** The Lexware Office connector plugin: {@link io.metaplatform.plugins.lexware.LexwareConnector}. */
package io.metaplatform.plugins.lexware;
