# syntax=docker/dockerfile:1
# triaged container image: build with dev dependencies, run with production ones only.
#   docker build -t triaged:dev .
# Runs as uid/gid 10001 with a read-only root filesystem: write only to the store volume
# (/var/lib/triaged) and /tmp, both mounted by the Deployment. No HEALTHCHECK: Kubernetes probes
# /healthz and /readyz.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: TypeScript -> dist/ --------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Dev dependencies are needed for tsc. --ignore-scripts: nothing here needs an install script
# (better-sqlite3's native module is only needed at run time, in the runtime stage).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    TRIAGED_STORE_PATH=/var/lib/triaged/triaged.db \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. better-sqlite3 installs its prebuilt linux-x64 glibc binary
# (hence Debian slim, not Alpine/musl); the cache is dropped to keep the layer small.
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force \
    && mkdir -p /var/lib/triaged \
    && chown 10001:10001 /var/lib/triaged
COPY --from=build /src/dist ./dist
COPY bin ./bin
# The MCP server lists the chaos scenarios from here.
COPY chaos ./chaos
USER 10001:10001
EXPOSE 8080
VOLUME ["/var/lib/triaged"]
ENTRYPOINT ["node", "bin/triaged.js"]
CMD ["run"]
