package io.metaplatform.plugins.runtime.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare
 * address is a block of one. An IPv4 block never contains an IPv6 address and the other way round.
 *
 * @param network the block's first address, host bits zero
 * @param bits    the length of the prefix
 */
record AddressRange(byte[] network, int bits) {

    // Only numeric text is parsed, so parsing never asks DNS: "0x7f.1" or a name is no range.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    AddressRange {
        network = network.clone();
        if (bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + bits + " out of range");
        }
        network = masked(network, bits);
    }

    /** The range {@code text} denotes, or empty when it is not an address or a CIDR block. */
    static Optional<AddressRange> parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
            return Optional.of(new AddressRange(bytes, bits));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #parse}, for ranges written in code. */
    static AddressRange of(String cidr) {
        return parse(cidr).orElseThrow(() -> new IllegalArgumentException("not a CIDR block: " + cidr));
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, bits), network);
    }

    boolean ipv4() {
        return network.length == 4;
    }

    private static byte[] masked(byte[] address, int bits) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            result[i] = (byte) (result[i] & (0xFF00 >> keep));
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.bits == bits && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(network), bits);
    }

    @Override
    public String toString() {
        try {
            String address = InetAddress.getByAddress(network).getHostAddress();
            return address + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte address", e);
        }
    }
}
