import { UserError } from '../../src/errors.js';
import type { CargoBin, CargoPackage } from './cargo.js';

/** The Cargo features of a plan: those the build passes, and those the user may choose from (for the prompt). */
export interface RustFeatures {
  /** Passed as `cargo build --features a,b` (none: the default set only). */
  chosen: string[];
  /** The package's own features (its [features] table without `default`, then its optional dependencies). */
  declared: string[];
}

// A feature of the package (`sqlite`, `tls-rustls`) or of a dependency (`sqlx/postgres`), as cargo spells them.
const FEATURE = /^[A-Za-z0-9_][A-Za-z0-9_+.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_+.-]*)?$/;

/** A `--features` text as cargo's list (commas or spaces between names), or a one-line problem. */
export function parseFeatureList(text: string): { features: string[] } | { problem: string } {
  const features = text.split(/[\s,]+/).filter((f) => f !== '');
  const bad = features.find((f) => !FEATURE.test(f));
  if (bad !== undefined) return { problem: `"${bad}" is not a Cargo feature name (letters, digits, _ - + ., or dependency/feature)` };
  return { features: [...new Set(features)] };
}

/** The declared features: [features] keys but `default`, then optional dependencies not hidden behind `dep:`. */
export function declaredFeatures(pkg: CargoPackage): string[] {
  const own = Object.keys(pkg.features).filter((f) => f !== 'default');
  const hidden = new Set(Object.values(pkg.features).flat().filter((f) => f.startsWith('dep:')).map((f) => f.slice(4)));
  return [...own, ...pkg.optionalDeps.filter((d) => !hidden.has(d) && !own.includes(d))];
}

/**
 * The features the build passes: the user's `--features` answer (saved or given) when there is one, checked against
 * the package (a feature it does not declare fails cargo's build, so it fails here with the list to choose from);
 * else the ones detected as needed. A required feature of the binary left out is a warning, since cargo then skips it.
 */
export function chooseFeatures(answer: string | undefined, pkg: CargoPackage, bin: CargoBin, detected: string[], notes: string[], warnings: string[]): RustFeatures {
  const declared = declaredFeatures(pkg);
  if (answer === undefined) return { chosen: detected, declared };
  const parsed = parseFeatureList(answer);
  if ('problem' in parsed) throw new UserError(`--features: ${parsed.problem}; pass names separated by commas`);
  const manifest = pkg.dir ? `${pkg.dir}/Cargo.toml` : 'Cargo.toml';
  for (const f of parsed.features) {
    if (f.includes('/') || declared.includes(f) || f === 'default') continue;
    throw new UserError(`${manifest}: --features ${f}: package ${pkg.name} declares no such feature (${declared.length ? `declared: ${declared.join(', ')}` : 'it declares none'}); pass one of those, or dependency/feature`);
  }
  notes.push(parsed.features.length
    ? `features ${parsed.features.join(', ')}: --features (your answer; detected: ${detected.join(', ') || 'none'})`
    : `features: none (--features ""): the default set only (detected: ${detected.join(', ') || 'none'})`);
  const missing = bin.requiredFeatures.filter((f) => !parsed.features.includes(f) && !(pkg.features.default ?? []).includes(f));
  if (missing.length) warnings.push(`${manifest}: binary ${bin.name} has required-features ${missing.join(', ')}, which --features leaves out, so cargo skips it and the build fails; add them to --features`);
  return { chosen: parsed.features, declared };
}
