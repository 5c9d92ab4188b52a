package io.metaplatform.tenants;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.tenants.internal.TenantDataStore;
import io.metaplatform.tenants.internal.TenantDataStore.TenantTable;
import io.metaplatform.tenants.internal.TenantRepository;
import io.metaplatform.tenants.internal.TenantStatusCache;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's data as a whole: exported as one streamed archive, or deleted to the last row. Both find
 * the tenant tables in the database's catalog, so every module's tables are included.
 *
 * <p>Deletion refuses the tenant at once (status {@code DELETING}), then removes its rows table by table
 * (referencing tables first) in batches, each batch a transaction that also counts progress and renews the
 * instance's lease; the tenant row goes last. A deletion whose instance stopped is resumed by any instance
 * once the lease lapsed. Thread-safe.
 */
@Service
public class TenantDataService implements DisposableBean {

    public static final String FORMAT = "metaplatform.tenant-export";
    public static final int FORMAT_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(TenantDataService.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final TenantService tenants;
    private final TenantRepository repository;
    private final TenantDataStore store;
    private final TenantStatusCache statuses;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final int batchSize;
    private final Duration resumeInterval;
    private final ExecutorService deletions = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tenant-deletion-resume");
        thread.setDaemon(true);
        return thread;
    });

    TenantDataService(TenantService tenants, TenantRepository repository, TenantDataStore store, TenantStatusCache statuses,
            PlatformTransactionManager transactionManager, JsonMapper json,
            @Value("${platform.tenants.deletion-batch-size:1000}") int batchSize,
            @Value("${platform.tenants.deletion-resume-interval:1m}") Duration resumeInterval) {
        this.tenants = tenants;
        this.repository = repository;
        this.store = store;
        this.statuses = statuses;
        this.json = json;
        this.batchSize = batchSize;
        this.resumeInterval = resumeInterval;
        this.transactions = new TransactionTemplate(transactionManager);
        this.snapshot = new TransactionTemplate(transactionManager);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** The export of a tenant by id or slug, for operators. @throws PlatformException {@code NOT_FOUND} */
    public TenantExport export(String idOrSlug) {
        return exportOf(tenants.get(idOrSlug));
    }

    /** The export of the caller's own tenant (tenant admins). */
    public TenantExport exportCurrent() {
        return exportOf(tenants.current());
    }

    /**
     * Starts deleting a tenant (or reports the deletion already under way) and returns at once.
     *
     * @throws PlatformException {@code NOT_FOUND}
     */
    public TenantDeletion delete(String idOrSlug, String actor) {
        Tenant tenant = tenants.get(idOrSlug);
        if (repository.markDeleting(tenant.id().value(), actor, now()) == 1) {
            statuses.changed(tenant.id());
            log.info("Deletion of tenant {} ({}) requested by {}", tenant.id(), tenant.slug(), actor);
        }
        TenantDeletion deletion = deletion(tenant.id().toString());
        deletions.submit(() -> run(tenant.id()));
        return deletion;
    }

    /** Where a tenant's deletion stands. @throws PlatformException {@code NOT_FOUND} once the tenant is gone */
    public TenantDeletion deletion(String idOrSlug) {
        Tenant tenant = tenants.get(idOrSlug);
        return repository.findDeletion(tenant.id().value())
                .map(row -> new TenantDeletion(new TenantId(row.id()), row.slug(), row.status(), row.deletionRequestedAt(),
                        row.deletionRequestedBy(), row.deletedRows()))
                .orElseThrow(() -> PlatformException.notFound("Tenant '" + idOrSlug + "'"));
    }

    /** Continues every deletion nobody holds (its instance stopped); returns how many it finished. */
    public int resumeLapsed() {
        int finished = 0;
        for (var id : repository.findLapsedDeletions(now())) {
            if (run(new TenantId(id))) {
                finished++;
            }
        }
        return finished;
    }

    /** Whether {@code status} can be left for another: a tenant being deleted cannot be reactivated. */
    static void requireNotDeleting(Tenant tenant) {
        if (tenant.status() == TenantStatus.DELETING) {
            throw new PlatformException(ErrorCode.CONFLICT, "The tenant is being deleted.",
                    List.of(new Violation("status", "DELETING", "the tenant is being deleted")));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeInTheBackground() {
        resumer.scheduleWithFixedDelay(() -> {
            try {
                resumeLapsed();
            } catch (RuntimeException e) {
                log.warn("Resuming tenant deletions failed; retrying in {}", resumeInterval, e);
            }
        }, 0, resumeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        resumer.shutdownNow();
        deletions.shutdownNow();
    }

    // Holds the lease while it works; returns whether the tenant is gone.
    private boolean run(TenantId tenant) {
        if (repository.claimDeletion(tenant.value(), now(), now().plus(LEASE)) == 0) {
            return false;
        }
        try {
            List<TenantTable> tables = new ArrayList<>(store.tables()).reversed();
            long deleted;
            do {
                deleted = 0;
                for (TenantTable table : tables) {
                    deleted += deleteAll(tenant, table);
                }
            } while (deleted > 0);
            transactions.executeWithoutResult(status -> repository.deleteById(tenant.value()));
            statuses.changed(tenant);
            log.info("Tenant {} deleted", tenant);
            return true;
        } catch (RuntimeException e) {
            log.warn("Deletion of tenant {} stopped; another attempt resumes it once its lease lapses", tenant, e);
            return false;
        }
    }

    private long deleteAll(TenantId tenant, TenantTable table) {
        long total = 0;
        int deleted;
        do {
            deleted = TenantContext.callAs(tenant, () -> transactions.execute(status -> {
                int rows = store.deleteBatch(tenant, table, batchSize);
                repository.recordDeleted(tenant.value(), rows, now().plus(LEASE));
                return rows;
            }));
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }

    private TenantExport exportOf(Tenant tenant) {
        String fileName = "tenant-" + tenant.slug() + "-" + Instant.now().atZone(ZoneOffset.UTC).toLocalDate() + ".zip";
        return new TenantExport() {
            @Override
            public String fileName() {
                return fileName;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(tenant, out);
            }
        };
    }

    private void write(Tenant tenant, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        }, StandardCharsets.UTF_8);
        BufferedWriter lines = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 64 * 1024);
        Instant exportedAt = now();
        List<Map<String, Object>> exported = new ArrayList<>();
        List<Map<String, Object>> omitted = new ArrayList<>();
        try {
            TenantContext.callAs(tenant.id(), () -> snapshot.execute(status -> {
                store.allowLongStatements();
                for (TenantTable table : store.tables()) {
                    if (!table.exported()) {
                        omitted.add(entry("name", table.name(), "reason", table.exclusionReason()));
                        continue;
                    }
                    exported.add(writeTable(tenant, table, zip, lines));
                }
                return null;
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        zip.putNextEntry(new ZipEntry("manifest.json"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("exportedAt", exportedAt.toString());
        manifest.put("tenant", entry("id", tenant.id().toString(), "slug", tenant.slug(), "name", tenant.name(),
                "status", tenant.status().name(), "createdAt", tenant.createdAt().toString()));
        manifest.put("tables", exported);
        manifest.put("omittedTables", omitted);
        lines.write(json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        lines.flush();
        zip.closeEntry();
        zip.close();
    }

    private Map<String, Object> writeTable(Tenant tenant, TenantTable table, ZipOutputStream zip, BufferedWriter lines) {
        String file = "tables/" + table.name() + ".jsonl";
        try {
            zip.putNextEntry(new ZipEntry(file));
            long rows = store.stream(tenant.id(), table, row -> {
                try {
                    lines.write(row);
                    lines.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            lines.flush();
            zip.closeEntry();
            Map<String, Object> entry = entry("name", table.name(), "file", file, "rows", rows);
            entry.put("columns", table.exportColumns());
            entry.put("omittedColumns", table.omittedColumns());
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entry.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return entry;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
