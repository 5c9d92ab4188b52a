package io.metaplatform.registry;

import io.metaplatform.core.Sha256;
import java.util.Locale;
import java.util.Map;

/**
 * The option value ({@code VIP_CLIENT}) for a display text learned from synced data ({@code "VIP client"}): upper
 * snake case of its Latin letters and digits, Cyrillic transliterated ({@code "Постоянный"} → {@code POSTOYANNYY}),
 * so admins recognise it in filters; a text with nothing usable, or too long, gets a stable hash
 * ({@code O_3FA8C21B}). The same text always gives the same value.
 */
public final class OptionNames {

    private static final int MAX = 50;
    private static final Map<Character, String> CYRILLIC = Map.ofEntries(Map.entry('а', "A"), Map.entry('б', "B"), Map.entry('в', "V"),
            Map.entry('г', "G"), Map.entry('д', "D"), Map.entry('е', "E"), Map.entry('ё', "E"), Map.entry('ж', "ZH"), Map.entry('з', "Z"),
            Map.entry('и', "I"), Map.entry('й', "Y"), Map.entry('к', "K"), Map.entry('л', "L"), Map.entry('м', "M"), Map.entry('н', "N"),
            Map.entry('о', "O"), Map.entry('п', "P"), Map.entry('р', "R"), Map.entry('с', "S"), Map.entry('т', "T"), Map.entry('у', "U"),
            Map.entry('ф', "F"), Map.entry('х', "KH"), Map.entry('ц', "TS"), Map.entry('ч', "CH"), Map.entry('ш', "SH"),
            Map.entry('щ', "SHCH"), Map.entry('ъ', ""), Map.entry('ы', "Y"), Map.entry('ь', ""), Map.entry('э', "E"), Map.entry('ю', "YU"),
            Map.entry('я', "YA"));

    private OptionNames() {
    }

    public static String valueFor(String text) {
        StringBuilder value = new StringBuilder();
        for (char c : text.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            String latin = CYRILLIC.get(c);
            if (latin != null) {
                value.append(latin);
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                value.append(Character.toUpperCase(c));
            } else if (!value.isEmpty() && value.charAt(value.length() - 1) != '_') {
                value.append('_');
            }
        }
        String name = value.toString().replaceAll("_+$", "");
        String hash = Sha256.hex(text.strip()).substring(0, 8).toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            return "O_" + hash;
        }
        if (!Character.isLetter(name.charAt(0))) {
            name = "O_" + name;
        }
        return name.length() <= MAX ? name : name.substring(0, MAX - 9) + "_" + hash;
    }
}
