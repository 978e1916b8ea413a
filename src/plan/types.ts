import type { ImageMetadata } from '../../detectors/shared/image-metadata.js';
import type { Workload } from './workload.js';
import type { K8sServicePlan } from './k8s-services.js';

/** Runtime image flavour: Debian slim, distroless (glibc, no shell) or alpine (musl; only on request). */
export type BaseFlavour = 'slim' | 'distroless' | 'alpine';
export const BASE_FLAVOURS: readonly BaseFlavour[] = ['slim', 'distroless', 'alpine'];

/** What the generator writes for one file and what it would do with it. */
export type FileStatus = 'create' | 'identical' | 'update' | 'merge' | 'kept' | 'conflict' | 'skip';

/** A name/value pair that becomes an `ENV` line or a compose `environment` entry. */
export interface EnvVar {
  name: string;
  value: string;
  /** The value holds compose `${VAR}` references on purpose (compose only; validated strictly). */
  interpolate?: boolean;
  /**
   * Compose only: no value (`NAME:`), so compose passes the variable from .env or the shell when it is set there and
   * leaves it unset otherwise (`value` is empty). For optional variables without a known value: an empty string
   * would override the app's own fallback or fail its validation (zod `.url().optional()` rejects "").
   */
  passThrough?: boolean;
}

/** One `FROM` image, split so the tag can live in a global `ARG`. */
export interface ImageRef {
  /** Repository, e.g. `node` or `gcr.io/distroless/nodejs22-debian12`. */
  name: string;
  /** Tag, e.g. `22-bookworm-slim`; may contain `${ARG}` references declared in {@link Plan.args}. */
  tag: string;
}

/** A backing service (database, cache) wired into compose. */
export interface ServicePlan {
  name: string;
  image: string;
  /** Why it was added, e.g. "dependency pg". */
  reason: string;
  environment: EnvVar[];
  /** Exec-form healthcheck (without the leading "CMD"). */
  healthcheck: string[];
  volume: { name: string; target: string };
  /** Variables the app gets to reach this service. */
  appEnvironment: EnvVar[];
  /** Variables the user must set (listed in .env.example, never given a value). */
  secrets: string[];
  /** Run-time directories on tmpfs: the root filesystem is read-only. */
  tmpfs: string[];
  /** Capabilities added back after `cap_drop: [ALL]`: only what the image's entrypoint uses before dropping root. */
  capAdd: string[];
  /** TCP port the service listens on (the app's egress to it in the Kubernetes NetworkPolicy). */
  port: number;
}

/** One line of the generated .env.example beyond the services' secrets. */
export interface EnvExampleLine {
  name: string;
  /** The value written after `=`: empty for a secret, else the app's own example or default. */
  value: string;
  /** Where the variable was found, written as the comment above it. */
  source: string;
  /** The app has no default but runs without it: written commented out. */
  optional?: boolean;
}

/** The app's own configuration variables, collected from its files (detectors/shared/env). */
export interface AppEnvPlan {
  /** Entries added to the app service's compose `environment:` (after the image's ENV and the services' wiring). */
  compose: EnvVar[];
  /** Lines of .env.example, in the order the app lists them. */
  example: EnvExampleLine[];
  /** Variables the user must set in .env before `docker compose up`; the summary lists them. */
  required: string[];
  /** Variables the app reads that a backing service provides (host, port, user, password, database, URL). */
  wired: string[];
}

/** A one-shot `migrate` service: the app's image running its migration tool before the app starts. */
export interface MigratePlan {
  /**
   * django, alembic, flask-migrate, prisma, knex, drizzle, typeorm, sequelize; Go: goose, golang-migrate, or the project's own program;
   * Rust: diesel, sqlx, refinery, sea-orm-migration, `<crate> crate`, `<bin> binary`.
   */
  tool: string;
  /** argv run in the app's image (after its ENTRYPOINT). */
  command: string[];
  /** What it was found from. */
  reason: string;
  /**
   * The tool is a dev dependency (or needs the sources): it runs from the Dockerfile's `migrate` stage (every
   * dependency and the sources, built only for the migrate service), so the runtime image stays lean. Absent: the
   * app's own image runs it.
   */
  stage?: boolean;
  /**
   * The tool pushes the schema (`drizzle-kit push`, `prisma db push`): it applies the schema without a migration
   * history, chosen only when the project has no migrations folder.
   */
  push?: boolean;
  /**
   * No database server: the tool migrates an embedded database (SQLite) in the app's data volume, which the migrate
   * service mounts too. Kept only when a SQLite file was pointed onto that volume; dropped otherwise.
   */
  embedded?: boolean;
  /**
   * The command holds compose interpolation on purpose (a database URL in the form the tool accepts, built from the
   * services' variables, for CLIs that read it from their arguments only): compose and Swarm interpolate it, and
   * Kubernetes takes {@link k8sCommand}, which names the container's variable instead (`$(DATABASE_URL)`).
   */
  interpolate?: boolean;
  /** The command for Kubernetes' init container, when it differs from {@link command}. */
  k8sCommand?: string[];
  /** How to run the migrate stage's image without compose: the arguments after the image (a comment line). */
  usage?: string;
  /**
   * Project files the tool (and the app) read at run time from the working directory, beside the build output
   * (TypeORM 0.2's `ormconfig.json`): copied into the runtime when it holds the build output only.
   */
  runtimeFiles?: string[];
  /** What the migrate stage holds, for compose's comment (default: the tool as a dev dependency). */
  stageHolds?: string;
  /**
   * The migrations folder the tool reads, relative to the project (drizzle's config `out`): re-included in the build
   * context when a build-output line of the .dockerignore would leave it out.
   */
  folder?: string;
}

/**
 * The app's writable data (SQLite files, uploads) on a named volume: the directories are created in the image owned
 * by the app's numeric user (the root filesystem stays read-only), and the app's variables point into them.
 */
export interface DataPlan {
  /** The named volume and the directory it is mounted on (`--data-dir`, default /data); null when only caches were found. */
  volume: { name: string; target: string } | null;
  /** A SQLite file was pointed onto the volume (a migrate service of an embedded database runs against it). */
  sqlite?: boolean;
  /** Absolute directories created in the image owned by the app user (the volume's first mount copies them). */
  dirs: string[];
  /** Cache directories mounted as tmpfs (under /tmp): their variables point there. */
  tmpfs: string[];
  /** Variables pointed at the volume (`DATABASE_URL=file:/data/dev.db`) or, for caches, at their tmpfs. */
  env: EnvVar[];
  /** What was found and where it now points, for the notes (`DATABASE_URL (.env.example) -> file:/data/dev.db`). */
  found: string[];
}

/**
 * The HEALTHCHECK: what it probes and what it asks. `route`: a health route found with confidence must answer
 * 2xx/3xx. `answers`: no (confident) health route, so any HTTP status below 500 counts as alive (the server answers).
 */
export interface HealthcheckPlan {
  path: string;
  /** Exec-form command (without the leading "CMD"). */
  cmd: string[];
  semantics: 'route' | 'answers';
  /** Where the path came from (a file), or why there is none; shown in the Dockerfile comment. */
  reason: string;
  /** The variable the probe reads the port from at run time (the one the app reads), or null for a fixed port. */
  portVar: string | null;
}

/** Compose settings for the app service. */
export interface ComposePlan {
  enabled: boolean;
  memory: string;
  cpus: string;
  pidsLimit: number;
  tmpfs: string[];
}

/** A writable directory of the app, mounted as an emptyDir on Kubernetes' read-only root filesystem. */
export interface K8sVolume {
  /** Volume name (a DNS label). */
  name: string;
  mountPath: string;
}

/** Kubernetes manifests (`--k8s`): what the Kustomize base under k8s/base/ needs beyond the rest of the plan. */
export interface K8sPlan {
  enabled: boolean;
  /** Name of every object and value of the `app.kubernetes.io/name` label the selectors match. */
  name: string;
  /** Memory request and limit as a Kubernetes quantity (`512Mi` from `--memory 512M`). */
  memory: string;
  /** CPU request and limit as a Kubernetes quantity. */
  cpu: string;
  volumes: K8sVolume[];
  /** Keys of the Secret the Deployment reads (the services' connection settings). */
  secretKeys: string[];
  /** TCP ports the app may reach on any address besides DNS (the detected services'). */
  egressPorts: number[];
  terminationGracePeriodSeconds: number;
  /** Backing services run in the cluster (`--k8s-services`); empty = they stay outside (the default). */
  services: K8sServicePlan[];
}

/**
 * The single hand-off between detection and rendering. JSON-serialisable; `--json` prints it.
 * Stable keys: stack, packageManager, framework, runtime, start, build, port, services, files.
 */
export interface Plan {
  stack: string;
  /** Folder under templates/ holding this stack's Dockerfile.hbs. */
  templates: string;
  packageManager: string | null;
  framework: string | null;
  runtime: { name: string; version: string };
  /** argv of the app process in the runtime image. */
  start: string[];
  /** argv of the build step, or null when the project has nothing to build. */
  build: string[] | null;
  port: number;
  services: string[];
  base: BaseFlavour;
  /** Numeric user the runtime stage runs as. */
  user: { uid: number; gid: number };
  healthcheck: HealthcheckPlan;
  /** Global ARGs at the top of the Dockerfile (versions). */
  args: EnvVar[];
  /** Environment of the runtime stage. */
  env: EnvVar[];
  /** Directories the app user may write (owned by it in the image; tmpfs in compose). */
  writableDirs: string[];
  /** .dockerignore entries, computed so that nothing a COPY needs is excluded. */
  dockerignore: string[];
  compose: ComposePlan;
  k8s: K8sPlan;
  serviceDetails: ServicePlan[];
  /** Why each decision was taken, shown in the summary and as Dockerfile comments where useful. */
  notes: string[];
  /**
   * Version decisions the user must see: a pinned end-of-life or non-LTS release. Summary lines prefixed
   * "warning:", and comments at the top of the Dockerfile.
   */
  warnings?: string[];
  /**
   * Audit subjects (`node 18`, `postgres 14`) the project pins although they are end-of-life: written as
   * `# create-dockerfile accept-eol: <subject>` lines, which the base-image-eol audit rule honours.
   */
  acceptedEol?: string[];
  /** The same for backing-service images of the compose file (a kept end-of-life database release). */
  composeAcceptedEol?: string[];
  /** Workspaces found in the project (reported; see --workspace). */
  workspaces: string[];
  /**
   * The workspace member the app is (`apps/web`): its Dockerfile is written there and built with the workspace root
   * as the context. Absent when the project root is the app.
   */
  appDir?: string;
  /**
   * Entry points when the stack can build one of several (Go main packages, Rust binaries), in `--main` syntax:
   * the one built and every one found. Re-runs use it to report, or ask about, new ones.
   */
  entries?: { chosen: string; all: string[] };
  /** Migrations run by a one-shot compose service before the app; absent = none detected. */
  migrate?: MigratePlan | null;
  /** Writable data found in the app's configuration; absent = none. */
  data?: DataPlan;
  /** The app's own variables (env files, env schemas, settings classes, reads in the source); absent = none. */
  appEnv?: AppEnvPlan;
  /** Stack-specific data for the stack's own templates. */
  details: Record<string, unknown>;
  /** The app's image name and tag, from the manifest (Kubernetes objects and the Swarm stack use them). */
  workload?: Workload;
  /** Write the Docker Swarm stack file (`--swarm`); absent = no. */
  swarm?: boolean;
  /** CI workflow the user asked for (`--ci github`), or undefined for none. */
  ci?: 'github' | 'gitlab';
  /** The manifest's name, version, licence, description and repository for the image's OCI labels. */
  metadata?: ImageMetadata;
  /** Filled in by the write stage. */
  files: { path: string; status: FileStatus }[];
}
