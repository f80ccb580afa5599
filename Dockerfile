# syntax=docker/dockerfile:1
# 工联桥 LaborBridge — production image.
#   docker build -t laborbridge .
#   docker run -p 3000:3000 -v lb-data:/app/data laborbridge            (SQLite + embedded search)
#   docker compose up                                                   (PostgreSQL + Meilisearch)
# Stages: deps (build tools; better-sqlite3 compiles from source) → build (remix vite:build, then dev
# dependencies pruned) → runtime (slim, non-root, no compiler).

ARG NODE_VERSION=20

# ---- deps: all dependencies, with the toolchain node-gyp needs -----------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# postinstall generates the Prisma clients: it needs the schema sources and scripts/db.
COPY package.json package-lock.json tsconfig.json ./
COPY prisma ./prisma
COPY scripts/db ./scripts/db
RUN npm ci --no-audit --no-fund

# ---- build: the Remix server and client bundles -----------------------------------------------------
FROM deps AS build
WORKDIR /app
COPY . .
ENV NODE_ENV=production
RUN npx remix vite:build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf tests .ci docs

# ---- runtime ------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/app/data/app.db \
    SEARCH_DB_PATH=/app/data/search.db \
    UPLOAD_DIR=/app/data/uploads \
    MAIL_OUTBOX_FILE=/app/var/mail-outbox.jsonl
# fonts-wqy-zenhei is not needed: invoices use the Noto Sans SC font shipped in node_modules.
# The code stays root-owned (read-only for the app user); only data/ and var/ are writable.
COPY --from=build /app /app
RUN mkdir -p /app/data /app/var && chown -R node:node /app/data /app/var
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Apply pending migrations (SQLite or PostgreSQL, per DATABASE_URL), then serve the build with the
# production server (server.mjs; remix-serve if it is absent). `exec` makes the server PID 1, so it gets
# SIGTERM from `docker stop`. No demo data is loaded here; for a demo container override the command with
# `npm start` (it seeds an empty database and prints the demo accounts).
CMD ["sh", "-c", "node node_modules/tsx/dist/cli.mjs scripts/db/migrate.ts deploy && if [ -f server.mjs ]; then exec node server.mjs build/server/index.js; else exec node node_modules/@remix-run/serve/dist/cli.js build/server/index.js; fi"]
