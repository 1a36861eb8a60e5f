# One image for all five services; the command selects one:
#   docker run crm-invoicing node dist/apps/crm/src/main.js
# Stages: deps (npm ci, cached while the lock file is unchanged) → build (SWC to dist/) →
# prod-deps (dev dependencies pruned) → runtime (dist + production node_modules, non-root).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN node scripts/build.mjs

FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/app/var
WORKDIR /app
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Non-code files the services read at run time (fonts, templates) live next to their sources.
COPY --from=build /app/apps ./apps
RUN mkdir -p /app/var && chown node:node /app/var
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
