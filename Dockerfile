# syntax=docker/dockerfile:1
# ci-triage: the GitHub App + Slack bot server (and the ci-triage CLI).

# --- build: compile TypeScript with the dev dependencies ---
FROM node:24-slim AS build
WORKDIR /app
# Dependencies first, in a layer of their own: a source change rebuilds only the layers below.
# --ignore-scripts: `prepare` (the build) needs the sources, copied next; compiling needs no install script.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
# Everything `npm run build` reads: the compiler's configs, the sources, and rules/ (the build's
# cache of parsed YAML, src/cli/cache-shipped-yaml.ts, holds rules/default.yaml only if it is here).
COPY tsconfig.json tsconfig.build.json ./
COPY rules ./rules
COPY src ./src
COPY handlers ./handlers
RUN npm run build

# --- runtime: production dependencies only, non-root ---
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    CI_TRIAGE_DB=/data/ci-triage.db \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# The digest chart is drawn with system fonts; slim images ship none.
# tini as PID 1: forwards SIGTERM to node (which drains, see docs/operations.md) and reaps children.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core tini && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` needs the compiler, which is not installed here; dist/ comes from the build stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY rules ./rules
COPY schema ./schema
COPY app.yml ./
# The CLI on PATH: `docker run --rm IMAGE ci-triage analyze <run>`.
RUN chmod 755 dist/src/cli.js && ln -s /app/dist/src/cli.js /usr/local/bin/ci-triage \
    && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Process up (/healthz); readiness (/readyz) is for the orchestrator, see deploy/.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/handlers/main.js"]
