# The CDS service (and the seed loader) on Node 20. docker-compose.yml runs both.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The node flags are those of `npm start` (bin/node-flags.ts says why).
CMD ["node", "--max-semi-space-size=32", "dist/bin/server.js"]
