/** Request ids, the request guard and rate limits in front of the APIs, problem-detail responses and the mapping of exceptions to them. */
package io.metaplatform.core.internal.web;
