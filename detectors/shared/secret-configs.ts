import type { ProjectFs } from '../../src/fs/project-fs.js';

/** A tool configuration file that holds registry credentials: kept out of the context, mounted as a build secret. */
export interface SecretConfig {
  /** The file in the project (also the secret's source: `--secret id=<id>,src=<file>`). */
  file: string;
  /** The secret's id (letters, digits, dashes). */
  id: string;
  /** Where the build's install step finds it (`RUN --mount=type=secret,id=<id>,target=<target>`). */
  target: string;
}

/** Credentials in a config file: URL userinfo (`https://user:pass@host/`), npm-style `_auth` / `_password`, tokens, passwords. */
const CREDENTIAL = /:\/\/[^\s/@'"<>]+@|(^|[\s.:])_(auth|authToken|password)\s*[=:]|^\s*[\w.-]*(token|password|passwd|secret)[\w.-]*\s*[=:]\s*\S|<(password|privateKey|passphrase)>\s*[^<\s]/im;

/** True when `text` (a pip.conf, settings.xml, gradle.properties, .npmrc...) holds a credential. */
export function holdsCredential(text: string): boolean {
  return CREDENTIAL.test(text);
}

/**
 * The root config files of `candidates` (file -> where the install step reads it) that hold credentials, as build
 * secrets. A file without credentials is not returned: the stack copies it as any other build file.
 */
export async function secretConfigs(fs: ProjectFs, candidates: Readonly<Record<string, string>>): Promise<SecretConfig[]> {
  const found: SecretConfig[] = [];
  for (const [file, target] of Object.entries(candidates)) {
    const text = await fs.readText(file);
    if (text !== undefined && holdsCredential(text)) found.push({ file, id: file.replace(/^\./, '').replace(/[^A-Za-z0-9-]/g, '-'), target });
  }
  return found;
}

/** Python's installer config: pip reads /etc/pip.conf (site-wide) in the build. `.pypirc` is for uploads only: never needed. */
export const PYTHON_SECRET_CONFIGS: Readonly<Record<string, string>> = { 'pip.conf': '/etc/pip.conf' };

/** Maven reads the user settings from ~/.m2/settings.xml; Gradle reads gradle.properties from the project folder. */
export const JAVA_SECRET_CONFIGS: Readonly<Record<string, string>> = { 'settings.xml': '/root/.m2/settings.xml', 'gradle.properties': '/app/gradle.properties' };
