# feedloom in a container: `docker build -t feedloom .`, then
#   docker run --rm -v "$PWD/feeds.config.json:/app/feeds.config.json:ro" \
#     -v feedloom-data:/app/data -v "$PWD/out:/app/out" feedloom            # one cycle
#   docker run -d ... feedloom watch                                         # keep running
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 ships prebuilt binaries for node 20 on glibc; no compiler needed.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json feeds.schema.json ./
COPY bin ./bin
COPY templates ./templates
COPY models ./models
COPY examples ./examples
COPY feeds.config.json ./
# Never run as root: the store and outputs belong to an unprivileged user.
RUN mkdir -p data out && chown -R node:node data out
USER node
VOLUME ["/app/data", "/app/out"]
ENTRYPOINT ["node", "bin/feedloom.js"]
CMD ["run"]
