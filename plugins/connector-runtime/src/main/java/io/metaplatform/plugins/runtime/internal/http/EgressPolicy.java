package io.metaplatform.plugins.runtime.internal.http;

import io.metaplatform.plugins.api.EgressDeniedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where connectors may connect: {@code http} and {@code https} URLs whose host resolves to public
 * internet addresses only. A host with any internal address ({@link InternalAddresses}: loopback,
 * private, link-local, carrier-grade NAT, multicast, unspecified, reserved, and the IPv6 forms that
 * carry such an IPv4 address) is refused, and so is an IP address written in a form that resolvers
 * read differently ({@code 127.1}, {@code 0x7f000001}, {@code 2130706433}, {@code 0177.0.0.1}).
 *
 * <p>Operators allow exceptions: an entry that is an address or a CIDR block allows the addresses in
 * it; any other entry is a host name, allowed whatever it resolves to ({@code *.example.com} allows
 * every name under {@code example.com}). Refusals name the host as the URL gave it, never the
 * address it resolved to. Immutable and thread-safe.
 */
public final class EgressPolicy {

    /** Looks up every address of a host name or address literal: the JDK's resolver, or a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern NUMERIC_HOST = Pattern.compile("(0[xX][0-9A-Fa-f]*|\\d+)(\\.(0[xX][0-9A-Fa-f]*|\\d+)){0,3}\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

    private final Set<String> names;
    private final List<String> suffixes;
    private final List<AddressRange> ranges;
    private final Resolver resolver;

    private EgressPolicy(Set<String> names, List<String> suffixes, List<AddressRange> ranges, Resolver resolver) {
        this.names = Set.copyOf(names);
        this.suffixes = List.copyOf(suffixes);
        this.ranges = List.copyOf(ranges);
        this.resolver = resolver;
    }

    /**
     * The policy with the given exceptions, resolving through the JDK.
     *
     * @param allow addresses, CIDR blocks and host names ({@code *.} for a whole domain); blanks are ignored
     * @throws IllegalArgumentException naming an entry that is none of these
     */
    public static EgressPolicy allowing(List<String> allow) {
        return allowing(allow, InetAddress::getAllByName);
    }

    /** As {@link #allowing(List)}, resolving with {@code resolver}. */
    public static EgressPolicy allowing(List<String> allow, Resolver resolver) {
        Set<String> names = new LinkedHashSet<>();
        List<String> suffixes = new ArrayList<>();
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : allow) {
            String value = entry == null ? "" : entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            Optional<AddressRange> range = AddressRange.parse(value);
            if (range.isPresent()) {
                ranges.add(range.get());
            } else if (HOST_NAME.matcher(value).matches() && !NUMERIC_HOST.matcher(value).matches()) {
                String name = normalise(value);
                if (name.startsWith("*.")) {
                    suffixes.add(name.substring(1));
                } else {
                    names.add(name);
                }
            } else {
                throw new IllegalArgumentException("platform.connectors.egress.allow: " + value
                        + " is neither an address, a CIDR block nor a host name");
            }
        }
        return new EgressPolicy(names, suffixes, ranges, resolver);
    }

    /** Refuses every internal address, allows nothing extra: the production default. */
    public static EgressPolicy strict() {
        return allowing(List.of());
    }

    /**
     * Checks a URL before anything is sent: its scheme, and the addresses its host resolves to now.
     * A host that does not resolve (yet) passes; connecting to it is checked again.
     *
     * @throws EgressDeniedException when the URL may not be reached
     */
    public void check(URI uri) {
        String host = host(uri);
        try {
            addresses(host);
        } catch (UnknownHostException e) {
            // Unknown now: the connection, if it ever resolves, is checked when it is opened.
        }
    }

    /**
     * The host of an http(s) URL as it names it, even one {@link URI#getHost()} cannot parse.
     *
     * @throws EgressDeniedException for another scheme or a URL without a host
     */
    static String host(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new EgressDeniedException(scheme.isEmpty() ? "a URL without scheme" : "a " + scheme + ": URL",
                    "connectors use http and https URLs only.");
        }
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            host = authorityHost(uri.getRawAuthority());
        }
        if (host == null || host.isBlank()) {
            throw new EgressDeniedException("a URL without host", "connectors need a URL with a host name.");
        }
        return host;
    }

    /**
     * Every address of {@code host}, each one checked: the addresses to connect to.
     *
     * @throws EgressDeniedException when any of them may not be reached (or the host is an ambiguous address)
     * @throws UnknownHostException  when the host does not resolve
     */
    InetAddress[] addresses(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = normalise(bare);
        if (name.isEmpty()) {
            throw new EgressDeniedException(host, "connectors need a URL with a host name.");
        }
        if (NUMERIC_HOST.matcher(name).matches() && !DOTTED_QUAD.matcher(name).matches()) {
            throw new EgressDeniedException(host, "an IP address must be written as four decimal numbers (a.b.c.d).");
        }
        InetAddress[] addresses = resolver.resolve(bare);
        if (allowsName(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (ranges.stream().anyMatch(range -> range.contains(address))) {
                continue;
            }
            Optional<InternalAddresses.Kind> kind = InternalAddresses.classify(address);
            if (kind.isPresent()) {
                throw new EgressDeniedException(host, "it is or resolves to " + kind.get().description()
                        + " of the platform's own or a private network. If the platform should reach it, ask the platform's operator.");
            }
        }
        return addresses;
    }

    private boolean allowsName(String name) {
        return names.contains(name) || suffixes.stream().anyMatch(name::endsWith);
    }

    private static String normalise(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String authorityHost(String authority) {
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? null : hostPort.substring(0, end + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
