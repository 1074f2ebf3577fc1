# meshrr agent image: `meshrr init` (initContainer) and `meshrr sidecar` (container), compatible with
# Juniper meshrr's manifests (same env, paths and args) — swap the image and keep the rest.
# Build from the repository root:  docker build -t ghcr.io/meshrr-ts/meshrr:0.1.0 .
# Where no registry image can be pulled, scripts/container-image.sh builds a Node base from Debian
# packages and the npm registry and passes it as NODE_IMAGE (podman + runc).
# Targets: runtime (default, the agent for cRPD and plugins) and agent-frr (adds Debian's FRR: the
# daemons, and the vtysh and frr-reload.py the agent beside them runs; one image for both containers
# of an FRR pod, so the tools always match the daemons' release).

ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# ---- build: install with dev dependencies, compile every package, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# native add-ons (ssh2's crypto) build against the headers the Node image ships (no header download)
ENV npm_config_nodedir=/usr/local
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json nx.json tsconfig.base.json tsconfig.json vitest.shared.ts ./
COPY packages ./packages
COPY examples ./examples
# --prefer-offline: package metadata from npm's cache when it has it (a cache mounted into the build
# saves revalidating ~580 packuments, which took minutes here); the network otherwise
RUN npm ci --prefer-offline --no-audit --no-fund \
 && NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build --exclude='examples/*' --outputStyle=static \
 && npm prune --omit=dev --no-audit --no-fund \
 && find packages -name '*.test.*' -delete \
 && find node_modules/ packages \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.tsbuildinfo' \) -type f -delete \
 && rm -rf packages/*/src packages/*/bench examples

# ---- runtime: small base, tini as PID 1 (signals reach node; zombies reaped), non-root ----
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 meshrr && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin meshrr \
 && mkdir -p /opt/meshrr/conf /config /secret/ssh && chown -R meshrr:meshrr /config /secret
WORKDIR /opt/meshrr/app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
COPY --from=build /src/package.json ./package.json
RUN ln -s /opt/meshrr/app/packages/agent/dist/main.js /usr/local/bin/meshrr && chmod +x packages/agent/dist/main.js
ENV NODE_ENV=production
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--max-semi-space-size=1", "/opt/meshrr/app/packages/agent/dist/main.js"]
CMD ["--help"]

# ---- agent-frr: the agent plus FRR (Debian's FRR 8.4: daemons, vtysh and frr-reload.py) ----
# One image for both containers of an FRR pod, so the sidecar's vtysh and frr-reload.py always match
# the daemons' release: the FRR container runs `meshrr-frr-daemons` (FRR's daemons under watchfrr,
# in the foreground), the sidecar runs the default entrypoint. FRR's user and groups get fixed ids
# (frr 920, frrvty 921) before the package is installed, so a pod can run the sidecar as 10001 with
# supplementalGroups [920, 921] (vty sockets are 0770 frr:frrvty, frr.conf 0664 frr:frr).
FROM runtime AS agent-frr
USER 0
RUN groupadd --system --gid 920 frr && groupadd --system --gid 921 frrvty \
 && useradd --system --uid 920 --gid frr --groups frrvty --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin --comment "FRRouting suite" frr \
 && apt-get update && apt-get install -y --no-install-recommends frr frr-pythontools \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o frr -g frr -m 0755 /var/tmp/frr \
 && printf '%s\n' '#!/bin/bash' \
      '# FRR daemons of /etc/frr/daemons under watchfrr, in the foreground (as FRR images run them).' \
      'set -e' 'source /usr/lib/frr/frrcommon.sh' 'exec /usr/lib/frr/watchfrr $(daemon_list)' \
      > /usr/local/bin/meshrr-frr-daemons && chmod 0755 /usr/local/bin/meshrr-frr-daemons
USER 10001:10001

# the default target
FROM runtime
