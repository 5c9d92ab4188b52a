package io.metaplatform.plugins.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a connector is.
 *
 * @param id         stable identifier, lower case letters, digits and dashes ({@code lexware},
 *                   {@code csv}); unique among the loaded plugins and stored with every connection
 * @param name       human readable name
 * @param version    the plugin's own version (free text, e.g. {@code 1.4.0})
 * @param apiVersion the {@link ConnectorApi#VERSION} the plugin was built against
 * @param config     the configuration a connection of this connector takes
 * @param streams    the streams it reads (and possibly writes), at least one, unique names
 * @param rateLimits the external system's request budgets, enforced by the platform across all
 *                   server instances; a request waits for a permit of each (5 per second and 200 per
 *                   minute, say); empty for none
 * @param oauth      present when the external system uses OAuth 2 authorisation codes; the
 *                   platform then stores, refreshes and injects the tokens
 * @param managedPackage the objects and fields the connector brings into a tenant's metadata when a
 *                   connection is created; empty for none
 */
public record ConnectorDescriptor(
        String id,
        String name,
        String version,
        int apiVersion,
        ConfigSchema config,
        List<StreamDescriptor> streams,
        List<RateLimit> rateLimits,
        Optional<OAuth2Spec> oauth,
        Optional<ManagedPackage> managedPackage) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public ConnectorDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("connector id must match " + ID + ": " + id);
        }
        requireText(name, "name");
        requireText(version, "version");
        Objects.requireNonNull(config, "config");
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("a connector needs at least one stream");
        }
        var names = new HashSet<String>();
        for (var stream : streams) {
            if (!names.add(stream.name())) {
                throw new IllegalArgumentException("duplicate stream " + stream.name());
            }
        }
        rateLimits = List.copyOf(rateLimits);
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(managedPackage, "managedPackage");
        rateLimits.stream().filter(limit -> limit.scope() == RateLimit.Scope.ACCOUNT)
                .forEach(limit -> requireConfigProperty(config, limit.accountProperty(), "rate limit account"));
        oauth.ifPresent(spec -> {
            requireConfigProperty(config, spec.clientIdProperty(), "OAuth client id");
            requireConfigProperty(config, spec.clientSecretProperty(), "OAuth client secret");
            spec.accountFromRedirect().ifPresent(account -> {
                requireConfigProperty(config, account.property(), "OAuth account URL");
                if (config.property(account.property()).orElseThrow().secret()) {
                    throw new IllegalArgumentException("OAuth account URL property " + account.property() + " must not be a secret");
                }
            });
            spec.longLivedTokenProperty().ifPresent(property -> {
                requireConfigProperty(config, property, "OAuth long-lived token");
                if (!config.property(property).orElseThrow().secret()) {
                    throw new IllegalArgumentException("OAuth long-lived token property " + property + " must be a secret");
                }
            });
        });
    }

    /** A descriptor with at most one budget and no managed package (the form of this record before those existed). */
    public ConnectorDescriptor(String id, String name, String version, int apiVersion, ConfigSchema config,
                               List<StreamDescriptor> streams, Optional<RateLimit> rateLimit, Optional<OAuth2Spec> oauth) {
        this(id, name, version, apiVersion, config, streams, rateLimit.stream().toList(), oauth, Optional.empty());
    }

    /** The first of {@link #rateLimits()}, or empty. */
    public Optional<RateLimit> rateLimit() {
        return rateLimits.stream().findFirst();
    }

    /** The stream of this name, or empty. */
    public Optional<StreamDescriptor> stream(String streamName) {
        return streams.stream().filter(stream -> stream.name().equals(streamName)).findFirst();
    }

    /** Starts a descriptor for the current {@link ConnectorApi#VERSION}. */
    public static Builder builder(String id, String name, String version) {
        return new Builder(id, name, version);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static void requireConfigProperty(ConfigSchema config, String property, String what) {
        if (config.property(property).isEmpty()) {
            throw new IllegalArgumentException(what + " names unknown configuration property " + property);
        }
    }

    /** Builds a {@link ConnectorDescriptor}; the optional parts default to none. */
    public static final class Builder {
        private final String id;
        private final String name;
        private final String version;
        private int apiVersion = ConnectorApi.VERSION;
        private ConfigSchema config = ConfigSchema.EMPTY;
        private final List<StreamDescriptor> streams = new ArrayList<>();
        private final List<RateLimit> rateLimits = new ArrayList<>();
        private OAuth2Spec oauth;
        private ManagedPackage managedPackage;

        private Builder(String id, String name, String version) {
            this.id = id;
            this.name = name;
            this.version = version;
        }

        /** Overrides the API version (only tests of the loader need this). */
        public Builder apiVersion(int value) {
            this.apiVersion = value;
            return this;
        }

        public Builder config(ConfigSchema value) {
            this.config = value;
            return this;
        }

        public Builder stream(StreamDescriptor value) {
            this.streams.add(value);
            return this;
        }

        /** Adds a budget; requests wait for a permit of every budget added. */
        public Builder rateLimit(RateLimit value) {
            if (value != null) {
                this.rateLimits.add(value);
            }
            return this;
        }

        public Builder oauth(OAuth2Spec value) {
            this.oauth = value;
            return this;
        }

        public Builder managedPackage(ManagedPackage value) {
            this.managedPackage = value;
            return this;
        }

        public ConnectorDescriptor build() {
            return new ConnectorDescriptor(id, name, version, apiVersion, config, streams,
                    rateLimits, Optional.ofNullable(oauth), Optional.ofNullable(managedPackage));
        }
    }
}
