import { parseAllDocuments } from 'yaml';
import { parseYamlOnce } from '../yaml-document.js';
import { EXIT, UserError } from '../errors.js';

/**
 * Refuses generated YAML that is not valid, or that repeats a key (Compose v2 rejects a repeated key; docker-compose
 * 1.29 silently keeps the last one). Runs on the rendered text, before anything is written, so a template or plan
 * bug can never leave a broken compose file behind.
 */
export function checkGeneratedYaml(files: readonly { path: string; text: string }[]): void {
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path)) continue;
    // Kubernetes manifests may hold several documents (`---`); each is checked. A single-document file is parsed
    // once for the guard and the self-audit that reads it next (unique keys and pretty errors are yaml's defaults).
    const parsed = /^---/m.test(f.text) ? parseAllDocuments(f.text, { uniqueKeys: true, prettyErrors: true }) : parseYamlOnce(f.text).doc;
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    const problem = docs.flatMap((d) => [...d.errors, ...d.warnings])[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      const what = problem.message.split('\n')[0];
      throw new UserError(
        `${f.path}${pos ? `:${pos.line}` : ''}: the generated file would not be valid YAML (${what}); nothing was written. This is a create-dockerfile bug: please report it with your manifests`,
        EXIT.failure,
      );
    }
  }
}
