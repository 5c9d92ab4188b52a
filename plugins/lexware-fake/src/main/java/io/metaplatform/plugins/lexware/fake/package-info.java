/** An in-memory Lexware Office API for tests, faithful to the reference of the real one. */
package io.metaplatform.plugins.lexware.fake;
