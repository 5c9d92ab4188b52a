/** Test support shared by every module: a throw-away PostgreSQL database per test run, and tokens. */
package io.metaplatform.core.testing;
