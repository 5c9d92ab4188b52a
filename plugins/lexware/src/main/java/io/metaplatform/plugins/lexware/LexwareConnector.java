package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.RateLimit;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteResult;
import io.metaplatform.plugins.lexware.internal.ContactSync;
import io.metaplatform.plugins.lexware.internal.LexwareClient;
import io.metaplatform.plugins.lexware.internal.LexwareStreams;
import io.metaplatform.plugins.lexware.internal.VoucherKind;
import io.metaplatform.plugins.lexware.internal.VoucherSync;
import io.metaplatform.plugins.lexware.internal.Webhooks;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Lexware Office connector: Lexware contacts both ways as {@code company} and {@code contact}
 * records, and sales vouchers into {@code invoice} (with {@code invoiceLine}), {@code quote},
 * {@code salesOrder} and {@code creditNote} records. Stateless and thread-safe; everything of a
 * connection arrives in the call's context. See {@code docs/connectors/lexware.md}.
 */
public final class LexwareConnector implements Connector {

    /** The connector id stored with every connection. */
    public static final String ID = "lexware";
    /** The Lexware voucher types that can be cached, by their voucherlist names. */
    public static final List<String> VOUCHER_TYPES =
            Arrays.stream(VoucherKind.values()).map(VoucherKind::voucherType).toList();

    private static final ConfigSchema CONFIG = ConfigSchema.of(
            ConfigProperty.secret(LexwareClient.API_KEY,
                    "Lexware Office public API key; without one the connection stays unconfigured").optionalSecret(),
            ConfigProperty.optional(LexwareClient.BASE_URL, ConfigType.URL, "https://api.lexware.io/v1",
                    "Address of the Lexware Office API"),
            ConfigProperty.optional("pushFlagField", ConfigType.STRING, null,
                    "API name of a boolean field of companies and contacts (for example erp); when set, only "
                            + "records where it is true are pushed to Lexware"),
            new ConfigProperty("voucherTypes", ConfigType.LIST, false, false, Optional.of(String.join(",", VOUCHER_TYPES)),
                    VOUCHER_TYPES, "Which Lexware vouchers are cached"),
            ConfigProperty.optional("voucherInterval", ConfigType.DURATION, "PT4H", "How often vouchers are read"),
            ConfigProperty.optional("contactInterval", ConfigType.DURATION, "PT4H", "How often contacts are read"),
            ConfigProperty.optional("pushInterval", ConfigType.DURATION, "PT30M", "How often changed records are pushed"),
            ConfigProperty.optional(Webhooks.PUBLIC_KEY, ConfigType.STRING, null,
                    "Lexware's webhook signature public key (PEM); webhooks are refused without it"));

    private static final ConnectorDescriptor DESCRIPTOR = buildDescriptor();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        if (!LexwareClient.configured(context)) {
            return CheckResult.failed("Lexware is not configured: enter the API key of your Lexware Office account");
        }
        var client = LexwareClient.of(context);
        var response = client.get("/contacts" + LexwareClient.query(LexwareClient.parameters("page", 0, "size", 1)));
        return switch (response.status()) {
            case 200 -> CheckResult.success();
            case 401 -> throw new CredentialsException("Lexware refused the API key (401)");
            case 402 -> CheckResult.failed("Lexware refused access: the account's contract does not include the API (402)");
            case 403 -> CheckResult.failed("Lexware refused access to contacts: the API key lacks the permission (403)");
            default -> throw LexwareClient.failure("GET /contacts", response);
        };
    }

    @Override
    public void read(ReadContext context) {
        var stream = context.stream().name();
        if (isContactStream(stream)) {
            ContactSync.read(context);
            return;
        }
        var kind = VoucherKind.ofStream(stream);
        // Lines arrive with their invoices; reading the lines stream on its own has nothing to do.
        kind.ifPresent(voucherKind -> VoucherSync.read(context, voucherKind, voucherTypes(context)));
    }

    @Override
    public Optional<ExternalRecord> readOne(LookupContext context) {
        var stream = context.stream().name();
        if (isContactStream(stream)) {
            return ContactSync.readOne(context);
        }
        return VoucherKind.ofStream(stream)
                .map(kind -> VoucherSync.readOne(context, kind))
                .orElseThrow(() -> new UnsupportedOperationException("stream " + stream + " cannot be read by id"));
    }

    @Override
    public WriteResult write(WriteContext context) {
        if (!isContactStream(context.stream().name())) {
            throw new UnsupportedOperationException("stream " + context.stream().name() + " is not writable");
        }
        return ContactSync.write(context);
    }

    @Override
    public void onEnable(ConnectorContext context) {
        Webhooks.subscribe(context, voucherTypes(context));
    }

    @Override
    public void onDisable(ConnectorContext context) {
        if (LexwareClient.configured(context)) {
            Webhooks.unsubscribe(context);
        }
    }

    @Override
    public WebhookOutcome webhook(WebhookContext context) {
        return Webhooks.handle(context);
    }

    /**
     * Searches Lexware contacts for the admin API's search, link and import operations: the
     * {@code companies} stream finds company contacts, {@code contacts} person contacts. The criteria are
     * Lexware's and combine with AND: {@code name} (at least 3 characters; {@code _} and {@code %} are
     * wildcards), {@code email}, {@code number} (customer or vendor number), {@code customer} and
     * {@code vendor} ({@code true}/{@code false}). Returns at most one page of 250 contacts, as the stream
     * reads them.
     *
     * @throws IllegalArgumentException when no criterion is given, one is unknown, or the name has fewer than 3 characters
     * @throws CredentialsException     when the connection has no API key or Lexware refuses it
     */
    @Override
    public List<ExternalRecord> search(SearchContext context) {
        if (!isContactStream(context.stream().name())) {
            throw new UnsupportedOperationException("stream " + context.stream().name() + " cannot be searched");
        }
        return ContactSync.search(context);
    }

    private static boolean isContactStream(String stream) {
        return stream.equals(LexwareStreams.COMPANIES) || stream.equals(LexwareStreams.CONTACTS);
    }

    private static List<String> voucherTypes(ConnectorContext context) {
        var configured = context.configuration().list("voucherTypes");
        return configured.isEmpty() ? VOUCHER_TYPES : configured;
    }

    private static ConnectorDescriptor buildDescriptor() {
        var builder = ConnectorDescriptor.builder(ID, "Lexware Office", "1.0.0")
                .config(CONFIG)
                .rateLimit(RateLimit.perSecond(2, LexwareClient.API_KEY))
                .stream(LexwareStreams.COMPANIES_STREAM)
                .stream(LexwareStreams.CONTACTS_STREAM);
        for (var kind : VoucherKind.values()) {
            builder.stream(LexwareStreams.voucherStream(kind));
        }
        return builder.stream(LexwareStreams.INVOICE_LINES_STREAM).build();
    }
}
