package io.metaplatform.plugins.lexware.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The stable keys of a company's contact persons. Lexware gives contact persons no id, only a position in
 * the company's list, and positions move when someone is added, removed or reordered. A person's key is
 * therefore derived from what identifies them: {@code k} and 16 hex digits of the SHA-256 of their normalised
 * first and last name and e-mail address (trimmed, inner whitespace collapsed, lower case, Unicode NFC). A
 * second person with the same name and e-mail in the same company gets {@code -2} appended (then {@code -3},
 * ...) in list order. A person with neither a name nor an e-mail address keeps the position as key (the form
 * every contact person had before: {@code 0}, {@code 1}, ...), as nothing else tells them apart.
 *
 * <p>A key changes when the person's name or e-mail changes in Lexware: the person is then a new record and
 * the old one is removed with the company's set of contact persons.
 */
final class ContactPersonKeys {

    private ContactPersonKeys() {
    }

    /** The key of each person, in list order. */
    static List<String> of(List<Object> persons) {
        List<String> keys = new ArrayList<>(persons.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < persons.size(); i++) {
            var person = Values.object(persons.get(i));
            var identity = identity(person);
            if (identity.isEmpty()) {
                keys.add(String.valueOf(i));
                continue;
            }
            var key = "k" + hash(identity);
            int occurrence = seen.merge(key, 1, Integer::sum);
            keys.add(occurrence == 1 ? key : key + "-" + occurrence);
        }
        return keys;
    }

    /** Whether a key is a position (a person without name and e-mail, or an id from before keys existed). */
    static OptionalInt position(String key) {
        if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(key));
    }

    /** The position of the person with this key in the list, if any; a position key names the person at that position. */
    static OptionalInt indexOf(List<Object> persons, String key) {
        var keys = of(persons);
        int found = keys.indexOf(key);
        if (found >= 0) {
            return OptionalInt.of(found);
        }
        var position = position(key);
        return position.isPresent() && position.getAsInt() < persons.size() ? position : OptionalInt.empty();
    }

    private static String identity(Map<String, Object> person) {
        var name = (normalise(Values.text(person.get("firstName"))) + " " + normalise(Values.text(person.get("lastName")))).strip();
        var email = normalise(Values.text(person.get("emailAddress")));
        return name.isEmpty() && email.isEmpty() ? "" : name + "\n" + email;
    }

    private static String normalise(String value) {
        if (value == null) {
            return "";
        }
        return Normalizer.normalize(value, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
