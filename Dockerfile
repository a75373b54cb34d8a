# The CDS service (and the seed loader). docker-compose.yml runs both; docs/hapi.md says how.
# Node 24 is an LTS line; the code itself keeps to Node 20.19 (package.json "engines"), so
# moving the base image between LTS lines needs no code change.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
# A container is reached through its own interface, not loopback (HOST in config/config.ts).
ENV HOST=0.0.0.0 PORT=3000
WORKDIR /app
# Files stay owned by root, so the service cannot rewrite its own code or rules; it writes
# only to /app/data (the embedded PGlite database and the sandbox EHR key).
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The image has no curl: node's own fetch asks /readyz (rules loaded, database answering) on
# loopback, which the service listens on whether HOST is 0.0.0.0 or 127.0.0.1. A 503, a
# refused connection or no answer within --timeout marks the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The node flags are those of `npm start` (bin/node-flags.ts says why).
CMD ["node", "--max-semi-space-size=32", "dist/bin/server.js"]
