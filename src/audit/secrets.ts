// Name parts that mark a secret; `key` only together with another part (API_KEY, SECRET_KEY), never PUBLIC_KEY.
const SECRET_PARTS = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'auth']);
const NOT_SECRET_PARTS = new Set(['public', 'file', 'path', 'dir', 'url', 'host', 'port', 'user', 'username', 'name', 'type', 'length', 'min', 'max', 'enabled', 'disable', 'disabled']);

/**
 * Whether a variable name looks like it holds a secret: API_KEY, DB_PASSWORD, githubToken, AWS_SECRET_ACCESS_KEY.
 * Names that point at a secret (PASSWORD_FILE, TOKEN_PATH) or describe one (PUBLIC_KEY, SECRET_LENGTH) are not secrets.
 */
export function isSecretName(name: string): boolean {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.some((p) => NOT_SECRET_PARTS.has(p))) return false;
  if (parts.some((p) => SECRET_PARTS.has(p))) return true;
  return parts.includes('key') && parts.length > 1;
}
