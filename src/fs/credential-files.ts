/**
 * One credential or secret file pattern: the .dockerignore line that keeps it out of every build context (`**`
 * also matches the context root, so each line covers every depth), and sample paths it must cover, which the
 * audit probes a .dockerignore with and the tests plant in projects.
 */
export interface CredentialPattern {
  /** .dockerignore line, `**`-prefixed. */
  ignore: string;
  /** Paths (relative to the context) this pattern exists to exclude; at least one nested. */
  samples: readonly string[];
}

/**
 * The credential and secret files no generated image may hold, whatever the stack: env files, private keys and
 * keystores, cloud and cluster credentials, registry and VCS logins, infrastructure state. One list, used by every
 * stack's .dockerignore and by `audit`.
 */
export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  // Environment files (`.env.example` is excluded too: stacks that ship it re-include it).
  { ignore: '**/.env', samples: ['.env', 'config/.env'] },
  { ignore: '**/.env.*', samples: ['.env.production', '.env.local', 'api/.env.staging'] },
  { ignore: '**/.envrc', samples: ['.envrc', 'deploy/.envrc'] },
  // Private keys and keystores.
  { ignore: '**/*.pem', samples: ['cert.pem', 'tls/server.pem'] },
  { ignore: '**/*.key', samples: ['server.key', 'tls/private.key'] },
  { ignore: '**/*.p12', samples: ['keystore.p12', 'src/main/resources/keystore.p12'] },
  { ignore: '**/*.pfx', samples: ['cert.pfx', 'certs/cert.pfx'] },
  { ignore: '**/*.keystore', samples: ['release.keystore', 'android/app/release.keystore'] },
  { ignore: '**/*.jks', samples: ['keystore.jks', 'src/main/resources/truststore.jks'] },
  { ignore: '**/*.ppk', samples: ['deploy.ppk', 'keys/deploy.ppk'] },
  { ignore: '**/id_rsa*', samples: ['id_rsa', 'keys/id_rsa.pub', 'deploy/id_rsa'] },
  { ignore: '**/id_dsa*', samples: ['id_dsa', 'deploy/id_dsa'] },
  { ignore: '**/id_ecdsa*', samples: ['id_ecdsa', 'deploy/id_ecdsa'] },
  { ignore: '**/id_ed25519*', samples: ['id_ed25519', 'deploy/id_ed25519'] },
  { ignore: '**/.ssh', samples: ['.ssh/config', 'home/.ssh/known_hosts', '.ssh/deploy_key'] },
  { ignore: '**/.gnupg', samples: ['.gnupg/private-keys-v1.d/key.key', 'home/.gnupg/secring.gpg'] },
  // Cloud and cluster credentials.
  { ignore: '**/.aws', samples: ['.aws/credentials', 'ops/.aws/config'] },
  { ignore: '**/.azure', samples: ['.azure/accessTokens.json', 'ops/.azure/msal_token_cache.json'] },
  { ignore: '**/.config/gcloud', samples: ['.config/gcloud/application_default_credentials.json', 'ops/.config/gcloud/credentials.db'] },
  { ignore: '**/service-account*.json', samples: ['service-account.json', 'config/service-account-prod.json'] },
  { ignore: '**/.kube', samples: ['.kube/config', 'ops/.kube/config'] },
  { ignore: '**/kubeconfig', samples: ['kubeconfig', 'ops/kubeconfig'] },
  { ignore: '**/.docker/config.json', samples: ['.docker/config.json', 'ci/.docker/config.json'] },
  { ignore: '**/.dockercfg', samples: ['.dockercfg', 'ci/.dockercfg'] },
  { ignore: '**/terraform.tfstate*', samples: ['terraform.tfstate', 'infra/terraform.tfstate.backup'] },
  { ignore: '**/*.tfvars', samples: ['prod.tfvars', 'infra/secrets.tfvars'] },
  { ignore: '**/.terraform', samples: ['.terraform/terraform.tfstate', 'infra/.terraform/environment'] },
  { ignore: '**/.vault-token', samples: ['.vault-token', 'ops/.vault-token'] },
  // Registry and VCS logins. A root .npmrc / .yarnrc.yml without credentials is re-included by the Node stack.
  { ignore: '**/.netrc', samples: ['.netrc', 'ci/.netrc'] },
  { ignore: '**/_netrc', samples: ['_netrc', 'ci/_netrc'] },
  { ignore: '**/.git-credentials', samples: ['.git-credentials', 'ci/.git-credentials'] },
  { ignore: '**/.npmrc', samples: ['packages/api/.npmrc', 'ci/.npmrc'] },
  { ignore: '**/.yarnrc.yml', samples: ['packages/api/.yarnrc.yml'] },
  { ignore: '**/.pypirc', samples: ['.pypirc', 'ci/.pypirc'] },
  { ignore: '**/pip.conf', samples: ['pip.conf', 'ci/pip.conf'] },
  { ignore: '**/.gem/credentials', samples: ['.gem/credentials', 'ci/.gem/credentials'] },
  { ignore: '**/.m2/settings*.xml', samples: ['.m2/settings.xml', 'ci/.m2/settings-security.xml'] },
  { ignore: '**/.pgpass', samples: ['.pgpass', 'db/.pgpass'] },
  { ignore: '**/.my.cnf', samples: ['.my.cnf', 'db/.my.cnf'] },
  { ignore: '**/.htpasswd', samples: ['.htpasswd', 'nginx/.htpasswd'] },
  { ignore: '**/*.kdbx', samples: ['secrets.kdbx', 'ops/passwords.kdbx'] },
];

/** The .dockerignore lines of {@link CREDENTIAL_PATTERNS}, in order. */
export const CREDENTIAL_IGNORES: readonly string[] = CREDENTIAL_PATTERNS.map((p) => p.ignore);

/** Every sample path of {@link CREDENTIAL_PATTERNS}: what a .dockerignore must exclude. */
export const CREDENTIAL_SAMPLES: readonly string[] = CREDENTIAL_PATTERNS.flatMap((p) => p.samples);
