/** Request ids, problem-detail responses and the mapping of exceptions to them. */
package io.metaplatform.core.internal.web;
