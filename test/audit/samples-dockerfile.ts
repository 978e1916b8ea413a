/** One audited file set: Dockerfile (plus a safe .dockerignore unless given), and the line a failing sample must report. */
export interface Sample {
  files: Record<string, string>;
  /** For failing samples: the 1-based line of the finding. */
  line?: number;
  /** The file the finding is in (default Dockerfile). */
  file?: string;
}

/** A rule with samples that must report it and samples that must not. */
export interface RuleCases {
  rule: string;
  bad: Sample[];
  good: Sample[];
}

export const df = (...lines: string[]): string => `${lines.join('\n')}\n`;
const D = (line: number | undefined, ...lines: string[]): Sample => ({ files: { Dockerfile: df(...lines) }, line });

const FINAL = ['USER 1000:1000', 'HEALTHCHECK CMD ["node", "h.js"]', 'CMD ["node", "s.js"]'];

/** Samples for the rules about the Dockerfile itself. */
export const DOCKERFILE_CASES: RuleCases[] = [
  { rule: 'base-image-untagged',
    bad: [D(1, 'FROM node', ...FINAL), D(1, 'FROM node:latest', ...FINAL), D(2, 'ARG V=latest', 'FROM node:${V}', ...FINAL)],
    good: [D(undefined, 'FROM node:22-slim', ...FINAL), D(undefined, 'FROM node@sha256:0123abcd', ...FINAL), D(undefined, 'FROM node:22 AS b', 'FROM b', ...FINAL), D(undefined, 'FROM scratch', ...FINAL)] },
  { rule: 'base-image-eol',
    bad: [D(1, 'FROM node:16', ...FINAL), D(2, 'ARG NODE_VERSION=18', 'FROM node:${NODE_VERSION}-bookworm-slim', ...FINAL),
      D(1, 'FROM gcr.io/distroless/nodejs22-debian12:nonroot', ...FINAL), D(1, 'FROM python:3.8-slim', ...FINAL), D(1, 'FROM golang:1.22-bookworm AS b', 'FROM gcr.io/distroless/static-debian13', ...FINAL),
      D(2, '# create-dockerfile accept-eol: node 18', 'FROM node:16-slim', ...FINAL), D(1, 'FROM docker.io/library/postgres:12', ...FINAL)],
    good: [D(undefined, 'FROM node:26-trixie-slim', ...FINAL), D(undefined, 'FROM gcr.io/distroless/nodejs26-debian13:nonroot', ...FINAL),
      D(undefined, '# create-dockerfile accept-eol: node 18 (pinned by .nvmrc)', 'ARG NODE_VERSION="18"', 'FROM node:${NODE_VERSION}-bookworm-slim', ...FINAL),
      D(undefined, '# Create-Dockerfile ACCEPT-EOL: node 18', 'FROM node:18-slim', ...FINAL),
      D(undefined, 'FROM python:3.13-slim-trixie', ...FINAL), D(undefined, 'FROM eclipse-temurin:25-jre', ...FINAL), D(undefined, 'FROM acme/node:16', ...FINAL), D(undefined, 'FROM node:lts', ...FINAL)] },
  { rule: 'no-user',
    bad: [D(1, 'FROM node:22-slim', 'CMD ["node", "s.js"]'), D(3, 'FROM node:22 AS build', 'USER 1000', 'FROM node:22-slim', 'CMD ["node"]')],
    good: [D(undefined, 'FROM node:22-slim', 'USER 1000', 'CMD ["node"]'), D(undefined, 'FROM gcr.io/distroless/nodejs22-debian12:nonroot', 'CMD ["s.js"]'), D(undefined, 'FROM node:22-slim AS base', 'USER 1000', 'FROM base', 'CMD ["node"]')] },
  { rule: 'root-user',
    bad: [D(2, 'FROM node:22-slim', 'USER root', 'CMD ["node"]'), D(3, 'FROM node:22-slim', 'USER 1000', 'USER 0:0'), D(3, 'FROM node:22-slim', 'ARG U=0', 'USER ${U}')],
    good: [D(undefined, 'FROM node:22-slim AS build', 'USER root', 'FROM node:22-slim', 'USER 1000:1000'), D(undefined, 'FROM node:22-slim', 'USER root', 'RUN ["true"]', 'USER 10001')] },
  { rule: 'user-not-numeric',
    bad: [D(2, 'FROM node:22-slim', 'USER node', 'CMD ["node"]'), D(2, 'FROM node:22-slim', 'USER app:app')],
    good: [D(undefined, 'FROM node:22-slim', 'USER 1000:1000'), D(undefined, 'FROM node:22-slim', 'ARG UID=1000', 'USER ${UID}:${UID}')] },
  { rule: 'shell-form-cmd',
    bad: [D(3, 'FROM node:22-slim', 'USER 1000', 'CMD node server.js'), D(2, 'FROM node:22-slim', 'ENTRYPOINT /entry.sh')],
    good: [D(undefined, 'FROM node:22-slim', 'USER 1000', 'CMD ["node", "server.js"]'), D(undefined, 'FROM node:22 AS b', 'CMD make', 'FROM node:22-slim', 'CMD ["node"]')] },
  { rule: 'no-healthcheck',
    bad: [D(3, 'FROM node:22 AS b', 'HEALTHCHECK CMD ["true"]', 'FROM node:22-slim', 'USER 1000', 'CMD ["node"]')],
    good: [D(undefined, 'FROM node:22-slim', ...FINAL), D(undefined, 'FROM node:22-slim AS base', 'HEALTHCHECK CMD ["node", "h.js"]', 'FROM base', 'CMD ["node"]'), D(undefined, 'FROM node:22-slim', 'HEALTHCHECK NONE')] },
  { rule: 'healthcheck-binary-missing',
    bad: [
      D(2, 'FROM gcr.io/distroless/nodejs22-debian12:nonroot', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/"]'),
      D(2, 'FROM gcr.io/distroless/static-debian12', 'HEALTHCHECK --interval=5s CMD /app/probe'),
      D(3, 'FROM node:22-bookworm-slim', 'USER 1000', 'HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1'),
      D(2, 'FROM python:3.12-alpine', 'HEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost/"]'),
    ],
    good: [
      D(undefined, 'FROM node:22-bookworm-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'HEALTHCHECK CMD curl -f http://localhost:3000/'),
      D(undefined, 'FROM python:3.12-alpine', 'HEALTHCHECK CMD wget -qO- http://localhost/'),
      D(undefined, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=probe /out/healthcheck /usr/local/bin/healthcheck', 'HEALTHCHECK CMD ["/usr/local/bin/healthcheck"]'),
      D(undefined, 'FROM node:22', 'HEALTHCHECK CMD curl -f http://localhost/'),
      D(undefined, 'FROM node:22-bookworm-slim', 'RUN <<EOF', 'set -eux', 'apt-get update', 'apt-get install -y --no-install-recommends curl', 'rm -rf /var/lib/apt/lists/*', 'EOF', 'HEALTHCHECK CMD curl -f http://localhost:3000/'),
    ] },
  { rule: 'run-shell-form-without-shell',
    bad: [D(2, 'FROM gcr.io/distroless/nodejs22-debian12:nonroot', 'RUN mkdir -p /app/data', ...FINAL),
      D(4, 'FROM gcr.io/distroless/static-debian12 AS runtime', 'COPY --from=b /app /app', 'FROM runtime', 'RUN <<EOF', 'chmod +x /app', 'EOF'),
      D(3, 'FROM scratch', 'RUN ["/bin/sh", "-c", "true"]', 'RUN echo hi')],
    good: [D(undefined, 'FROM gcr.io/distroless/nodejs22-debian12:nonroot', 'RUN ["/nodejs/bin/node", "-e", "require(\'fs\').mkdirSync(\'/tmp/x\')"]', ...FINAL),
      D(undefined, 'FROM node:22-slim AS build', 'RUN npm ci', 'FROM gcr.io/distroless/nodejs22-debian12', 'COPY --from=build /node_modules /app/node_modules'),
      D(undefined, 'FROM gcr.io/distroless/base-debian12:debug', 'SHELL ["/busybox/sh", "-c"]', 'RUN mkdir /x'),
      D(undefined, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=busybox /bin/busybox /bin/sh', 'SHELL ["/bin/sh", "-c"]', 'RUN mkdir /x')] },
  { rule: 'copy-all-before-install',
    bad: [D(3, 'FROM node:22-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'), D(3, 'FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'),
      D(2, 'FROM python:3.12-slim AS base', 'COPY . /app', 'FROM base AS deps', 'RUN pip install --no-cache-dir -r /app/requirements.txt')],
    good: [D(undefined, 'FROM node:22-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build'),
      D(undefined, 'FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'),
      D(undefined, 'FROM node:22 AS deps', 'COPY package.json ./', 'RUN npm ci', 'FROM gcr.io/distroless/nodejs22-debian12', 'COPY --from=deps /node_modules ./node_modules', 'COPY . .'),
      D(undefined, 'FROM python:3.13-slim AS deps', 'COPY pyproject.toml ./', 'RUN pip install click uvicorn', 'FROM deps AS build', 'COPY . .', 'RUN pip install --no-deps .'),
      D(undefined, 'FROM python:3.13-slim AS deps', 'COPY pyproject.toml uv.lock ./', 'RUN uv sync --frozen --no-install-project', 'FROM deps AS build', 'COPY . .', 'RUN uv sync --frozen --no-editable')] },
  { rule: 'build-tools-in-final-image',
    bad: [D(1, 'FROM golang:1.22', 'COPY . .', 'RUN go build -o /app .'), D(2, 'FROM python:3.12-slim', 'RUN apt-get install -y --no-install-recommends build-essential'),
      D(3, 'FROM node:22-slim', 'COPY package.json ./', 'RUN npm ci', 'RUN npm run build')],
    good: [D(undefined, 'FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /app /app'),
      D(undefined, 'FROM node:22-slim', 'RUN npm ci --omit=dev'), D(undefined, 'FROM node:22-slim', 'ENV NODE_ENV=production', 'RUN npm ci'),
      D(undefined, 'FROM eclipse-temurin:21-jre', 'COPY app.jar /app.jar')] },
  { rule: 'oci-labels-missing',
    bad: [D(1, 'FROM node:22-slim', ...FINAL),
      D(3, 'FROM node:22-slim AS base', 'LABEL org.opencontainers.image.source="https://example.com/a" org.opencontainers.image.version="1"', 'FROM node:22-slim', 'LABEL org.opencontainers.image.revision="abc"', ...FINAL),
      D(1, 'FROM node:22-slim', 'ARG REVISION', 'LABEL org.opencontainers.image.source="https://example.com/a" org.opencontainers.image.revision="" org.opencontainers.image.version="1"', ...FINAL)],
    good: [D(undefined, 'FROM node:22-slim', 'ARG SOURCE REVISION VERSION=1.0.0', 'LABEL org.opencontainers.image.source="${SOURCE}" \\', '      org.opencontainers.image.revision="${REVISION}" org.opencontainers.image.version="${VERSION}"', ...FINAL),
      D(undefined, 'FROM node:22-slim AS base', 'LABEL "org.opencontainers.image.source"=https://example.com/a org.opencontainers.image.version=2', 'FROM base', "LABEL org.opencontainers.image.revision='abc'", ...FINAL)] },
];
