/**
 * .dockerignore entries for secrets, at any depth (`**` also matches the context root): env files, private keys and
 * keystores must never reach a build context, wherever they sit in the tree.
 */
export const SECRET_IGNORES: readonly string[] = [
  '**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/*.p12', '**/*.pfx', '**/id_rsa*', '**/id_ed25519*',
];
