/** The Spring Boot application that assembles the platform's modules, and its command-line entry points. */
package io.metaplatform.server;
