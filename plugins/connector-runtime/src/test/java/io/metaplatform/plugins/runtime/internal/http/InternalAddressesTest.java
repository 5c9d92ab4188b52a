package io.metaplatform.plugins.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.runtime.internal.http.InternalAddresses.Kind;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK", "::1, LOOPBACK",
            "10.0.0.1, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
            "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE",
            "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "100.64.0.1, CARRIER_GRADE_NAT", "100.127.255.255, CARRIER_GRADE_NAT",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST",
            "0.0.0.0, UNSPECIFIED", "::, UNSPECIFIED",
            "0.1.2.3, RESERVED", "240.0.0.1, RESERVED", "255.255.255.255, RESERVED", "192.0.2.1, RESERVED", "2001:db8::1, RESERVED",
            // IPv6 forms that carry an IPv4 address are judged by it.
            "::127.0.0.1, LOOPBACK", "::10.1.2.3, PRIVATE", "64:ff9b::169.254.169.254, LINK_LOCAL", "2002:7f00:1::, LOOPBACK",
            "2002:a9fe:a9fe::1, LINK_LOCAL"})
    void internalAddressesAreClassified(String address, Kind kind) throws Exception {
        assertThat(InternalAddresses.classify(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
            "192.169.0.1", "169.253.255.255", "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::8.8.8.8", "2002:808:808::1"})
    void publicAddressesAreNot(String address) throws Exception {
        assertThat(InternalAddresses.classify(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"00000000000000000000ffff7f000001, LOOPBACK", "00000000000000000000ffffa9fea9fe, LINK_LOCAL",
            "00000000000000000000ffff0a000001, PRIVATE"})
    void ipv4MappedAddressesAsRawBytesAreJudgedByTheirIpv4Address(String hex, Kind kind) {
        // Java turns "::ffff:a.b.c.d" into an Inet4Address; a resolver may still hand over the 16 bytes.
        assertThat(InternalAddresses.classify(HexFormat.of().parseHex(hex))).isEqualTo(Optional.of(kind));
    }
}
