import type { FoundVar } from './source-reads.js';

// A Go struct field with a tag: `Name Type \`...\``; the type may be qualified, a slice, a map or a pointer.
export const FIELD_TAG = /^\s*\w+\s+[\w.[\]*]+\s+`([^`\n]*)`/gm;
/** One `key:"value"` pair of a Go struct tag. */
export const TAG_PAIR = /([\w-]+):"([^"]*)"/g;
const NAME = /^[A-Z][A-Z0-9_]*$/;
const DEFAULT_KEYS = ['envDefault', 'env-default', 'default'];
const STRUCT_TYPE = /^\s*type\s+(\w+)\s+struct\b/gm;
// caarlos0/env: a nested struct field's prefix (`HTTP HTTPConfig \`envPrefix:"HTTP_"\``) heads its fields' names.
const PREFIX_FIELD = /^\s*\w+\s+\*?(\w+)\s+`[^`\n]*\benvPrefix:"([^"]*)"/gm;

/** The struct type declared last before `at` in `text` (the one a field there belongs to), or ''. */
export function enclosingType(text: string, at: number): string {
  let name = '';
  for (const m of text.matchAll(STRUCT_TYPE)) if (m.index < at) name = m[1]!;
  return name;
}

/** Struct type -> the whole envPrefix its fields get within these files, outer prefixes first (`SERVER_` + `HTTP_`). */
export function envPrefixes(texts: string[]): Map<string, string> {
  const own = new Map<string, { prefix: string; parent: string }>();
  for (const text of texts) {
    for (const m of text.matchAll(PREFIX_FIELD)) own.set(m[1]!, { prefix: m[2]!, parent: enclosingType(text, m.index) });
  }
  const whole = (type: string, depth: number): string => {
    const o = own.get(type);
    return o && depth < 8 ? whole(o.parent, depth + 1) + o.prefix : '';
  };
  return new Map([...own.keys()].map((t) => [t, whole(t, 0)]));
}

/**
 * Fields of Go settings structs that name their variable in a tag, in one file: caarlos0/env (`env:"X,required"`,
 * `,notEmpty`, `envDefault:"v"`, `envPrefix` on nested structs), cleanenv (`env:"X" env-default:"v"`,
 * `env-required:"true"`), configor and kelseyhightower/envconfig with an explicit name (`envconfig:"X"`,
 * `default:"v"`, `required:"true"`). A default gives the value and makes the variable optional; a required mark
 * without a default makes it required (the loader refuses to start without it); a bare name is a plain read.
 */
export function goStructTagVars(text: string, file: string): FoundVar[] {
  if (!/`[^`\n]*\benv(?:config)?:"/.test(text)) return [];
  const nested = envPrefixes([text]);
  const out: FoundVar[] = [];
  for (const t of text.matchAll(FIELD_TAG)) {
    const pairs = new Map([...t[1]!.matchAll(TAG_PAIR)].map((p) => [p[1]!, p[2]!]));
    const key = pairs.get('env') ? 'env' : pairs.get('envconfig') ? 'envconfig' : undefined;
    if (!key) continue;
    const [raw, ...options] = pairs.get(key)!.split(',').map((s) => s.trim());
    const name = `${key === 'env' ? (nested.get(enclosingType(text, t.index)) ?? '') : ''}${raw}`;
    if (!NAME.test(name)) continue;
    const value = DEFAULT_KEYS.map((k) => pairs.get(k)).find((v) => v !== undefined);
    const marked = options.includes('required') || options.includes('notEmpty') || pairs.get('env-required') === 'true' || pairs.get('required') === 'true';
    out.push({
      name,
      source: `${file} (struct tag)`,
      ...(value !== undefined ? { value, optional: true } : marked ? { required: true } : {}),
    });
  }
  return out;
}
