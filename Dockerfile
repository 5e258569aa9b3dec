# syntax=docker/dockerfile:1
# One multi-stage build for the services (pick one with --build-arg SERVICE=<name>) and for
# the one-shot migration job (--target migrate). Images run as the non-root `node` user and carry
# production dependencies only.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ARG SERVICE=phone-system
RUN NX_DAEMON=false npx nx run ${SERVICE}:build

# Provisions the database (each service's role and schema, the credential views, the event bus),
# applies every service's migrations with the WebAssembly schema engine (the same files `prisma
# migrate deploy` reads), creates the first tenant's owner when there is no tenant, then exits.
FROM build AS migrate
USER node
CMD ["node", "--import", "tsx", "tools/db/migrate.ts", "--seed-first-owner"]

# The one origin: nginx with the generated config (deploy/nginx/nginx.conf) and the web console's
# static files (apps/console) at /console/.
FROM build AS console
RUN node --import tsx apps/console/build.ts

FROM nginx:1.27-bookworm AS gateway
COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf
COPY --from=console /repo/dist/apps/console /usr/share/diallink/console

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts

FROM ${NODE_IMAGE} AS service
ARG SERVICE=phone-system
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /repo/dist/apps/${SERVICE} ./dist
# Local data (the Phone System's recordings) lives in /data: a volume shared by the replicas.
RUN mkdir -p /data && chown node:node /data
ENV DIALLINK_DATA_DIR=/data
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/v1/'+process.env.SERVICE+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node's flags as under npm start (serviceNodeFlags in tools/stack/start.ts, measured in
# bench/results/README.md): Prisma's WebAssembly query compiler stays on the baseline compiler, an
# 8 MB semi-space, a full collection after the old generation grows by 30%. Source maps cost memory
# in every process: on only when DIALLINK_SOURCE_MAPS is set.
CMD ["sh", "-c", "exec node --no-wasm-dynamic-tiering --no-wasm-tier-up --max-semi-space-size=8 --heap-growing-percent=30 ${DIALLINK_SOURCE_MAPS:+--enable-source-maps} dist/apps/${SERVICE}/src/main.js"]
