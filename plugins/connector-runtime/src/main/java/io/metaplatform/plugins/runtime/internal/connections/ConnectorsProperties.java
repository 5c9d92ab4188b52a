package io.metaplatform.plugins.runtime.internal.connections;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.connectors.*}: how this instance schedules and runs syncs.
 *
 * @param schedulerEnabled  whether this instance looks for due connections (off in tests that drive runs themselves)
 * @param pollInterval      how often it looks
 * @param heartbeatInterval how often a running run renews its claim
 * @param staleAfter        how long a claim holds without heartbeat before another instance takes the connection over
 * @param maxConcurrentRuns runs this instance executes at once
 * @param minScheduleInterval the shortest schedule interval an admin may set
 * @param instanceId        this instance's name in runs; empty: host name and a random suffix
 * @param maxUploadSize     the largest file an admin may upload for a run
 * @param uploadRetention   how long the upload of a run that did not succeed is kept
 * @param maxWebhookSize    the largest body of a webhook call
 */
@ConfigurationProperties("platform.connectors")
public record ConnectorsProperties(
        @DefaultValue("true") boolean schedulerEnabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeatInterval,
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("4") int maxConcurrentRuns,
        @DefaultValue("1m") Duration minScheduleInterval,
        @DefaultValue("") String instanceId,
        @DefaultValue("50MB") DataSize maxUploadSize,
        @DefaultValue("7d") Duration uploadRetention,
        @DefaultValue("1MB") DataSize maxWebhookSize) {
}
