/** OAuth 2 for connectors: tokens sealed at rest, the code exchange, and refreshes serialised per connection across instances. */
package io.metaplatform.plugins.runtime.internal.oauth;
