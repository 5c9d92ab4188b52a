package io.metaplatform.plugins.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Metadata a connector brings into every tenant that creates a connection of it: custom objects (its
 * appointments, staff, services) and fields (on those objects, or its ids on built-in objects such as
 * {@code contact.ycClientId}).
 *
 * <p>Creating a connection installs the package into the tenant's metadata. Its definitions are then
 * <em>managed</em>: while a connection of the connector exists, an admin cannot delete them, rename them or
 * change their type or constraints (labels, descriptions and option labels stay editable). A newer plugin
 * version declaring a higher {@link #version} and more objects or fields upgrades the package in place
 * (the missing definitions are added; nothing is removed or retyped). Deleting the last connection leaves
 * the definitions and their data; the admin decides whether to delete them.
 *
 * @param namespace a short lower-case prefix owned by the connector ({@code yc}); every object's API name,
 *                  and every field's API name on an object outside the package, starts with it followed
 *                  by an upper-case letter
 * @param version   the package's version, from 1; raise it whenever the declaration changes
 * @param objects   the objects, in the order they are installed
 * @param fields    the fields, in the order they are installed (relations after their target)
 */
public record ManagedPackage(String namespace, int version, List<ManagedObject> objects, List<ManagedField> fields) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9]{1,9}");
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");

    public ManagedPackage {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 2 to 10 lower-case letters and digits: " + namespace);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        objects = List.copyOf(objects);
        fields = List.copyOf(fields);
        Set<String> objectNames = new HashSet<>();
        for (var object : objects) {
            requireNamespaced(namespace, object.apiName(), "object " + object.apiName());
            if (!objectNames.add(object.apiName())) {
                throw new IllegalArgumentException("duplicate managed object " + object.apiName());
            }
        }
        Set<String> paths = new HashSet<>();
        for (var field : fields) {
            if (!NAME.matcher(field.apiName()).matches() || !NAME.matcher(field.object()).matches()) {
                throw new IllegalArgumentException("field " + field.path() + " is not made of lowerCamelCase names");
            }
            if (!objectNames.contains(field.object())) {
                requireNamespaced(namespace, field.apiName(), "field " + field.path() + " on an object outside the package");
            }
            if (!paths.add(field.path())) {
                throw new IllegalArgumentException("duplicate managed field " + field.path());
            }
        }
        for (var field : fields) {
            if (field.type() instanceof ManagedFieldType.Relation relation && paths.contains(relation.target() + "." + relation.inverseName())) {
                throw new IllegalArgumentException("the inverse " + relation.inverseName() + " of " + field.path()
                        + " is also a field of the package on " + relation.target());
            }
        }
    }

    /** Whether the object is one of this package's own objects. */
    public boolean ownsObject(String apiName) {
        return objects.stream().anyMatch(object -> object.apiName().equals(apiName));
    }

    private static void requireNamespaced(String namespace, String apiName, String what) {
        if (!apiName.startsWith(namespace) || apiName.length() == namespace.length()
                || !Character.isUpperCase(apiName.charAt(namespace.length())) || !NAME.matcher(apiName).matches()) {
            throw new IllegalArgumentException(what + " must be named " + namespace + "<Name>: " + apiName);
        }
    }
}
