# syntax=docker/dockerfile:1
# Egenkontroll as one small image: the web app built with Node, embedded into a static Go binary,
# run on a distroless base as an unprivileged user. The image has no PostgreSQL: give it
# DATABASE_URL (see compose.yaml for the production layout).
#
#   docker build -t egenkontroll .

# 1. The web app (frontend/dist). Its types are generated from ../schema.graphql.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema.graphql /src/schema.graphql
COPY frontend/ ./
RUN npm run build

# 2. The server, with the built app embedded (go:embed of frontend/dist).
FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist/ ./frontend/dist/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/egenkontroll ./cmd/egenkontroll

# 3. Runtime: the binary alone.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=server /out/egenkontroll /usr/local/bin/egenkontroll
USER nonroot:nonroot
ENV EGENKONTROLL_LISTEN=0.0.0.0:8080 \
    EGENKONTROLL_METRICS_LISTEN=0.0.0.0:9090 \
    EGENKONTROLL_DEMO=false
# 8080: the app and API (behind the reverse proxy); 9090: /metrics (for Prometheus only).
EXPOSE 8080 9090
ENTRYPOINT ["/usr/local/bin/egenkontroll"]
CMD ["serve"]
