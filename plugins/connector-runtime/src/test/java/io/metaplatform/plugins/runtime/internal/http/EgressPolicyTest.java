package io.metaplatform.plugins.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.EgressDeniedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy with a resolver of fixed answers (no DNS): which URLs pass, and what a refusal says. */
class EgressPolicyTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "api.example.com", List.of("93.184.216.34"),
            "internal.example.com", List.of("10.0.0.7"),
            "mixed.example.com", List.of("93.184.216.34", "127.0.0.1"),
            "metadata.example.com", List.of("169.254.169.254"),
            "fake.erp.example.com", List.of("127.0.0.1"),
            "erp.corp.example.com", List.of("10.20.0.5"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            // Literals resolve without DNS; any other name is unknown here.
            if (host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = InetAddress.getByName(addresses.get(i));
        }
        return result;
    }

    private final EgressPolicy strict = EgressPolicy.allowing(List.of(), EgressPolicyTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/x", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://[0:0:0:0:0:0:0:1]/",
            "http://0.0.0.0/", "http://[::]/", "http://10.1.2.3/", "http://192.168.0.10/", "http://172.20.0.1/", "http://100.64.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[fd00::1]/", "http://224.0.0.1/",
            "http://internal.example.com/", "http://metadata.example.com/", "http://mixed.example.com/",
            "http://127.1:8080/", "http://0x7f000001:8080/", "http://2130706433:8080/", "http://0177.0.0.1/", "http://127.0.0.01/",
            "http://0x7f.0.0.1/", "http://user@127.0.0.1:8080/"})
    void internalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> strict.check(URI.create(url)))
                .isInstanceOf(EgressDeniedException.class)
                .hasMessageStartingWith("EGRESS_DENIED: connectors may not reach ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example.com/file.csv", "file:///etc/passwd", "gopher://api.example.com/", "jar:file:/x.jar!/a",
            "http:///no-host"})
    void otherSchemesAndHostlessUrlsAreRefused(String url) {
        assertThatThrownBy(() -> strict.check(URI.create(url))).isInstanceOf(EgressDeniedException.class);
    }

    @Test
    void aRefusalNamesTheHostAsGivenNeverTheAddressItResolvedTo() {
        assertThatThrownBy(() -> strict.check(URI.create("https://internal.example.com/api")))
                .isInstanceOfSatisfying(EgressDeniedException.class, denied -> assertThat(denied.host()).isEqualTo("internal.example.com"))
                .hasMessageContaining("internal.example.com")
                .hasMessageNotContaining("10.0.0.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/v1", "http://93.184.216.34/", "https://[2606:4700:4700::1111]/",
            "https://unknown.example.com/"})
    void publicAndNotYetResolvableTargetsPass(String url) {
        assertThatCode(() -> strict.check(URI.create(url))).doesNotThrowAnyException();
    }

    @Test
    void operatorsAllowNamesDomainsAndBlocks() throws Exception {
        var policy = EgressPolicy.allowing(List.of("fake.erp.example.com", "*.corp.example.com", "192.168.0.0/16", " "),
                EgressPolicyTest::resolve);

        assertThat(policy.addresses("fake.erp.example.com")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(policy.addresses("erp.corp.example.com")).extracting(InetAddress::getHostAddress).containsExactly("10.20.0.5");
        assertThat(policy.addresses("192.168.4.4")).extracting(InetAddress::getHostAddress).containsExactly("192.168.4.4");
        // An allowed name is not an allowed address: the same loopback address by another name stays refused.
        assertThatThrownBy(() -> policy.addresses("127.0.0.1")).isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.addresses("internal.example.com")).isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.addresses("corp.example.com.evil.test")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anUnreadableAllowEntryStopsTheStart() {
        assertThatThrownBy(() -> EgressPolicy.allowing(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> EgressPolicy.allowing(List.of("http://fake/")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
