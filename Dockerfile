# meshrr agent image: `meshrr init` (initContainer) and `meshrr sidecar` (container), compatible with
# Juniper meshrr's manifests (same env, paths and args) — swap the image and keep the rest.
# Build from the repository root:  docker build -t ghcr.io/meshrr-ts/meshrr:0.1.0 .
# Where no registry image can be pulled, scripts/container-image.sh builds a Node base from Debian
# packages and the npm registry and passes it as NODE_IMAGE (podman + runc).
# Targets: runtime (default, the agent for cRPD and plugins) and agent-frr (adds FRR's vtysh and
# frr-reload.py, which the agent beside FRR runs; they must match the FRR daemons' release).

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

# ---- agent-frr: the agent plus FRR's vtysh and frr-reload.py (Debian's FRR) ----
FROM runtime AS agent-frr
USER 0
RUN apt-get update && apt-get install -y --no-install-recommends frr frr-pythontools && rm -rf /var/lib/apt/lists/*
USER 10001:10001

# the default target
FROM runtime
