/** Variables set by the platform, the image or the generator itself: never collected as the app's configuration. */
const PLATFORM = /^(PORT|HOST|HOSTNAME|BIND|NODE_ENV|PATH|HOME|PWD|USER|SHELL|TERM|LANG|LC_\w+|TZ|CI|TMPDIR|JAVA_HOME|JAVA_TOOL_OPTIONS|GOPATH|GOOS|GOARCH|CARGO_\w+|RUSTFLAGS|PYTHON\w*|VIRTUAL_ENV|npm_\w+|NPM_\w+|YARN_\w+|VERCEL\w*|NETLIFY\w*|RENDER\w*|RAILWAY_\w+|HEROKU_\w+|FLY_\w+|GITHUB_\w+|K_SERVICE|AWS_LAMBDA_\w+|AWS_REGION|AWS_EXECUTION_ENV|KUBERNETES_\w+|DOCKER\w*|VITE_\w+|NEXT_PUBLIC_\w+|NEXT_RUNTIME|NEXT_PHASE|DEBUG|NODE_OPTIONS|NODE_DEBUG|FORCE_COLOR|NO_COLOR|TEST|JEST_\w+|VITEST\w*)$/;

/** Names that hold a credential: required in compose, empty in .env.example. */
const SECRET = /(SECRET|PASSW(OR)?D|_PASS$|TOKEN|API_?KEY|PRIVATE_?KEY|_KEY$|^KEY$|CREDENTIAL|SALT|PEPPER|_DSN$|SIGNING|ENCRYPTION|COOKIE_?SIGN|HMAC|SESSION_KEY|WEBHOOK_SECRET|ACCESS_KEY)/;
const PUBLIC = /PUBLIC|PUBLISHABLE|EXPIRE|_MINUTES$|_SECONDS$|_HOURS$|_DAYS$|_ID$|_NAME$|_URL$|_PATH$|_FILE$|_TTL$|_EXPIRES?(_IN)?$|_LENGTH$|_ALGORITHM$/;

/** The variable is the platform's or the image's, not the app's configuration. */
export function isPlatformVariable(name: string): boolean {
  return PLATFORM.test(name);
}

/** The variable holds a credential by its name (`SESSION_SECRET`, `HMAC_KEY`, `DATABASE_AUTH_TOKEN`, ...). */
export function isSecretName(name: string): boolean {
  return SECRET.test(name) && !PUBLIC.test(name.replace(/SECRET|TOKEN|PASSWORD/g, ''));
}

/** A value that would be a credential if copied (an example file's placeholder is not one). */
export function looksLikePlaceholder(value: string): boolean {
  return value === '' || /change|replace|your|example|xxx|todo|<[^>]*>|\*\*\*|^\.\.\.$/i.test(value);
}
