#!/usr/bin/env bash
# Builds a JRE base image as a tarball (the `docker save` layout Jib reads with `tar://`) from Debian's packages
# and a JRE cut with jlink from a local JDK 21+, for build machines that reach no container registry.
# Usage (as root, debootstrap installed): build-support/image/base-image.sh [out.tar]
# Then: ./mvnw -pl server -am package -Pimage -DskipTests -Dimage.base=tar://$PWD/<out.tar>
set -euo pipefail

out=$(realpath -m "${1:-server/target/base-image/jre-base.tar}")
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
jdk=${JDK_HOME:-}
if [[ -z "$jdk" ]]; then
  for candidate in /usr/lib/jvm/*; do
    [[ -x "$candidate/bin/jlink" ]] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p' || true)
    if [[ "${version:-0}" -ge 21 ]]; then jdk=$candidate; break; fi
  done
fi
[[ -n "$jdk" ]] || { echo "No JDK 21+ with jlink under /usr/lib/jvm: set JDK_HOME" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

debootstrap --variant=minbase --include=ca-certificates,tzdata "$suite" "$rootfs" "$mirror" >&2
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' | grep -v -E '^jdk\.(jshell|javadoc|jdeps|jlink|jpackage|jartool|editpad|internal\.(ed|le|opt))$' | paste -sd, -)
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$rootfs/opt/java"
# Non-root user of the application image (uid 10001), so `id` and tools resolve it by name.
echo 'metaplatform:x:10001:10001::/tmp:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
echo 'metaplatform:x:10001:' >> "$rootfs/etc/group"

image=$work/image
mkdir -p "$image"
tar --numeric-owner --sort=name --mtime='@0' -C "$rootfs" -cf "$image/layer.tar" .
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
java_version=$("$rootfs/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p')
cat > "$image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.base.name":"debian:$suite+jlink-$java_version"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"build-support/image/base-image.sh ($suite, JRE $java_version)"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["metaplatform/jre-base:local"],"Layers":["layer.tar"]}]' > "$image/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out" manifest.json config.json layer.tar
echo "$out"
