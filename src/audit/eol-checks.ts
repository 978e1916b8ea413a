import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { parseYamlOnce } from '../yaml-document.js';
import type { Draft } from './types.js';
import type { DockerfileModel } from './dockerfile-model.js';
import { imageSubjects, type ImageSubject } from '../versions/images.js';

/**
 * `# create-dockerfile accept-eol: node 18 ...` lines: subjects the file's author runs on purpose although they are
 * end-of-life (the generator writes one for each release a project pins). Only that subject is accepted.
 */
const ACCEPT = /^\s*#\s*create-dockerfile\s+accept-eol:\s*([a-z0-9][\w.-]*(?: [\w.-]+)?)/gim;

export function acceptedSubjects(text: string): Set<string> {
  // Most files have no such line: a plain substring search (case-insensitive like ACCEPT, which folds ASCII letters
  // only) spares the multi-line pattern's scan of every line.
  if (!text.toLowerCase().includes('accept-eol:')) return new Set();
  return new Set([...text.matchAll(ACCEPT)].map((m) => m[1]!.toLowerCase()));
}

/** The first subject of the image that is end-of-life on `today` and not accepted, with its message. */
function endOfLife(image: string, today: string, accepted: Set<string>): { subject: ImageSubject; message: string } | undefined {
  const subject = imageSubjects(image).find((s) => s.eol !== null && s.eol <= today && !accepted.has(s.key));
  if (!subject) return undefined;
  return { subject, message: `${image} is ${subject.title}, end of life since ${subject.eol}: no more security fixes; move to ${subject.replacement}` };
}

/** base-image-eol: a FROM image whose release (or distroless set) is past its end of life on `today`. */
export function checkBaseImageEol(model: DockerfileModel, text: string, today: string): Draft[] {
  const accepted = acceptedSubjects(text);
  const out: Draft[] = [];
  for (const stage of model.stages) {
    if (stage.parent || stage.image.includes('$')) continue;
    const found = endOfLife(stage.image, today, accepted);
    if (found) out.push({ rule: 'base-image-eol', line: stage.fromLine, message: `FROM ${found.message}` });
  }
  return out;
}

/** compose-image-eol: a service `image:` past its end of life on `today`. */
export function checkComposeImageEol(text: string, today: string): Draft[] {
  // Merge keys on (shared with the compose checks): only `image:` pairs of each service are read.
  const { doc, counter } = parseYamlOnce(text);
  const services = doc.get('services');
  if (doc.errors.length || !isMap(services)) return [];
  const accepted = acceptedSubjects(text);
  const out: Draft[] = [];
  for (const p of services.items as Pair<Node, unknown>[]) {
    if (!isMap(p.value)) continue;
    const pair = p.value.items.find((i) => isScalar(i.key) && i.key.value === 'image');
    const value = pair && isScalar(pair.value) ? pair.value.value : undefined;
    if (typeof value !== 'string' || value.includes('$')) continue;
    const found = endOfLife(value, today, accepted);
    const line = pair?.value && (pair.value as Node).range ? counter.linePos((pair.value as Node).range![0]).line : 1;
    if (found) out.push({ rule: 'compose-image-eol', line, message: `service ${String(isScalar(p.key) ? p.key.value : p.key)}: image ${found.message}` });
  }
  return out;
}
