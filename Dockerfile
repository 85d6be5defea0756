# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# GraphiQL is self-hosted from @graphql-yoga/graphiql's prebuilt dist/ (9 MB); the package itself pulls in
# React, GraphiQL and Monaco sources (~250 MB) that the gateway never loads, so it is a dev dependency and only
# its package.json and dist/ are carried into the image.
RUN npm run build \
  && mkdir -p /graphiql \
  && cp -r node_modules/@graphql-yoga/graphiql/package.json node_modules/@graphql-yoga/graphiql/dist /graphiql/ \
  && npm prune --omit=dev

# Runtime stage: compiled JS and production dependencies only, as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /graphiql ./node_modules/@graphql-yoga/graphiql
COPY package.json ./
USER node
# 4000: GraphQL (PORT); 9464: Prometheus metrics when METRICS_PORT=9464.
EXPOSE 4000 9464
# Liveness only; load balancers should use /ready, which turns 503 while draining.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The gateway handles SIGTERM itself (drain, then exit 0); node runs as PID 1 without a shell in between.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
