package io.metaplatform.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header rules are Spring's defaults, checked without regular expressions (issue 20). */
class HeaderFirewallTest {

    @Test
    void headerNamesAndValuesAreAllowedExactlyAsByTheDefaults() {
        Random random = new Random(20);
        int[] interesting = {'a', 'Z', ' ', '\t', '\n', '\r', 0, 0x1f, 0x7f, 0x80, 0x9f, 0xa0, 0xe4, 0x2028, 0x0378, 0xfffe, 0xd800,
            0xdc00, 0x1f600, 0xe0001, 0x10ffff, 0x30000};
        List<String> texts = new ArrayList<>(List.of("", "Authorization", "Bearer abc", "a\tb", "a\u0000b", "\u00e4rger"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(6);
            for (int c = 0; c < length; c++) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x110000) : interesting[random.nextInt(interesting.length)]);
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            assertThat(HeaderFirewall.allowedName(text)).as("name %s", text.codePoints().boxed().toList())
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
            assertThat(HeaderFirewall.allowedValue(text)).as("value %s", text.codePoints().boxed().toList())
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
        }
    }
}
