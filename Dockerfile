# syntax=docker/dockerfile:1
# Build stage: dev dependencies and the toolchain for sqlite3's native build.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
RUN npm run build && npm prune --omit=dev

# Run stage: production dependencies and the compiled bot only, as a non-root user.
FROM node:20-bookworm-slim
# git (and CA certificates for https://) for note sources that are git repositories (NOTES_SOURCES)
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    STORE_URL=sqlite:///data/bot.sqlite \
    SOURCES_CACHE_DIR=/data/sources \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts ./scripts
COPY content ./content
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# ready = notes indexed, store reachable, Discord gateway connected (see src/health.ts)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs", "/readyz"]
# exec form, node itself: SIGTERM from `docker stop` reaches the bot, which shuts down cleanly
CMD ["node", "dist/src/index.js"]
