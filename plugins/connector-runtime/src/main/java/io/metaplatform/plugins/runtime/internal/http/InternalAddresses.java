package io.metaplatform.plugins.runtime.internal.http;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses are not the public internet: loopback, private networks, link-local (with the
 * cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, unspecified, broadcast and
 * reserved blocks, in IPv4 and IPv6. An IPv6 address that carries an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4) is judged by the address it carries, so {@code ::ffff:127.0.0.1}
 * is loopback. Pure and thread-safe: no DNS, no I/O.
 */
final class InternalAddresses {

    /** What kind of internal address one is, for messages and logs. */
    enum Kind {
        LOOPBACK("a loopback address"),
        PRIVATE("a private network address"),
        LINK_LOCAL("a link-local address"),
        CARRIER_GRADE_NAT("a carrier-grade NAT address"),
        MULTICAST("a multicast address"),
        UNSPECIFIED("the unspecified address"),
        RESERVED("a reserved address");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private record Block(AddressRange range, Kind kind) {
        static Block of(String cidr, Kind kind) {
            return new Block(AddressRange.of(cidr), kind);
        }
    }

    // RFC 6890 special-purpose registries; the first block that contains an address names its kind.
    private static final List<Block> BLOCKS = List.of(
            Block.of("0.0.0.0/32", Kind.UNSPECIFIED),
            Block.of("0.0.0.0/8", Kind.RESERVED),
            Block.of("10.0.0.0/8", Kind.PRIVATE),
            Block.of("100.64.0.0/10", Kind.CARRIER_GRADE_NAT),
            Block.of("127.0.0.0/8", Kind.LOOPBACK),
            Block.of("169.254.0.0/16", Kind.LINK_LOCAL),
            Block.of("172.16.0.0/12", Kind.PRIVATE),
            Block.of("192.0.0.0/24", Kind.RESERVED),
            Block.of("192.0.2.0/24", Kind.RESERVED),
            Block.of("192.88.99.0/24", Kind.RESERVED),
            Block.of("192.168.0.0/16", Kind.PRIVATE),
            Block.of("198.18.0.0/15", Kind.RESERVED),
            Block.of("198.51.100.0/24", Kind.RESERVED),
            Block.of("203.0.113.0/24", Kind.RESERVED),
            Block.of("224.0.0.0/4", Kind.MULTICAST),
            Block.of("240.0.0.0/4", Kind.RESERVED),
            Block.of("::/128", Kind.UNSPECIFIED),
            Block.of("::1/128", Kind.LOOPBACK),
            Block.of("64:ff9b:1::/48", Kind.RESERVED),
            Block.of("100::/64", Kind.RESERVED),
            Block.of("2001::/32", Kind.RESERVED),
            Block.of("2001:db8::/32", Kind.RESERVED),
            Block.of("fc00::/7", Kind.PRIVATE),
            Block.of("fe80::/10", Kind.LINK_LOCAL),
            Block.of("fec0::/10", Kind.PRIVATE),
            Block.of("ff00::/8", Kind.MULTICAST));

    // Java reads "::ffff:a.b.c.d" as the IPv4 address itself, so this block is written as bytes.
    private static final AddressRange MAPPED = new AddressRange(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0}, 96);
    private static final AddressRange COMPATIBLE = AddressRange.of("::/96");
    private static final AddressRange NAT64 = AddressRange.of("64:ff9b::/96");
    private static final AddressRange OWN_SPECIAL = AddressRange.of("::/127");
    private static final AddressRange SIX_TO_FOUR = AddressRange.of("2002::/16");

    private InternalAddresses() {
    }

    /** The kind of internal address {@code address} is, or empty for a public one. */
    static Optional<Kind> classify(InetAddress address) {
        return classify(address.getAddress());
    }

    static Optional<Kind> classify(byte[] address) {
        Optional<byte[]> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return classify(embedded.get());
        }
        return BLOCKS.stream().filter(block -> block.range().contains(address)).map(Block::kind).findFirst();
    }

    /** The IPv4 address an IPv6 address stands for, when it is one of the forms that carry one. */
    private static Optional<byte[]> embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return Optional.empty();
        }
        // ::/128 and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
        if (COMPATIBLE.contains(address) && !OWN_SPECIAL.contains(address)) {
            return Optional.of(Arrays.copyOfRange(address, 12, 16));
        }
        if (MAPPED.contains(address) || NAT64.contains(address)) {
            return Optional.of(Arrays.copyOfRange(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(Arrays.copyOfRange(address, 2, 6));
        }
        return Optional.empty();
    }
}
