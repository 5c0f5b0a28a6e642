#!/usr/bin/env bash
# Build the base image for the bundled sample instances without any image registry:
# debootstrap a minimal Debian bookworm and `docker import` it as sera-bench/base:bookworm.
#
# Usage: scripts/build-base-image.sh [--force]
#   --force           rebuild even when the image exists
# Environment:
#   SERA_BENCH_BASE_IMAGE     image name (default sera-bench/base:bookworm)
#   SERA_BENCH_DEBIAN_MIRROR  Debian mirror URL (default: the host's apt sources, else deb.debian.org)
#   SERA_BENCH_BASE_LABEL     extra LABEL "key=value" stored on the image (used for build caching)
# Needs root (debootstrap) and a running Docker daemon.
set -euo pipefail

log() { echo "build-base-image: $*" >&2; }

image=${SERA_BENCH_BASE_IMAGE:-sera-bench/base:bookworm}
force=false
[ "${1:-}" = "--force" ] && force=true

if [ "$force" = false ] && docker image inspect "$image" >/dev/null 2>&1; then
  log "$image exists (use --force to rebuild)"
  exit 0
fi

# The first Debian (not -security) mirror named in the host's apt sources.
host_mirror() {
  local deb822=/etc/apt/sources.list.d/debian.sources
  if [ -f "$deb822" ]; then
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$deb822"
    return
  fi
  if [ -f /etc/apt/sources.list ]; then
    awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list
  fi
}

mirror=${SERA_BENCH_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}

[ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing Debian's debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

rootfs=$(mktemp -d /tmp/sera-bench-rootfs.XXXXXX)
cleanup() { rm -rf "$rootfs"; }
trap cleanup EXIT

log "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >&2

# Leave no host-specific or cached state in the image.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"

changes=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV DEBIAN_FRONTEND=noninteractive'
  --change 'ENV TZ=Etc/UTC'
  --change 'CMD ["/bin/bash"]'
)
if [ -n "${SERA_BENCH_BASE_LABEL:-}" ]; then
  changes+=(--change "LABEL ${SERA_BENCH_BASE_LABEL}")
fi

log "importing as $image"
tar -C "$rootfs" --numeric-owner -c . | docker import "${changes[@]}" - "$image" >&2
log "done: $image"
