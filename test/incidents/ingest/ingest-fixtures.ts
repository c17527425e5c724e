import { readFileSync } from 'node:fs';
import { incidentsSchema } from '../../../src/config/index.ts';
import { alertFingerprint, type NormalizedAlert } from '../../../src/incidents/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are damaged and read freely
export type Payload = any;

/** A recorded payload from fixtures/, parsed afresh (tests may change it). */
export function fixture(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
}

/** The incidents configuration with `overrides`, defaults elsewhere (30-minute window, group by alertname and service). */
export function incidentsConfig(overrides: Record<string, unknown> = {}) {
  return incidentsSchema.parse(overrides);
}

export const minute = 60_000;
/** 2024-05-01T12:00:00Z. */
export const t0 = Date.UTC(2024, 4, 1, 12);

/** An Alertmanager alert with `labels`, firing since `startsAt` unless told otherwise. */
export function amAlert(
  labels: Record<string, string>,
  options: {
    status?: 'firing' | 'resolved';
    startsAt?: number;
    endsAt?: number;
    annotations?: Record<string, string>;
  } = {},
): NormalizedAlert {
  const alert: NormalizedAlert = {
    source: 'alertmanager',
    fingerprint: alertFingerprint(labels),
    status: options.status ?? 'firing',
    labels,
    annotations: options.annotations ?? {},
    startsAt: options.startsAt ?? t0,
  };
  if (options.endsAt !== undefined) alert.endsAt = options.endsAt;
  return alert;
}

/** A deterministic pseudo-random generator (for damaging payloads the same way every run). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const values = [
  null,
  0,
  -1,
  1.5,
  '',
  'x',
  true,
  false,
  [],
  {},
  'firing',
  '4',
  2 ** 53,
  '0001-01-01T00:00:00Z',
];

/** Replaces one leaf or object somewhere in `payload` with a random value, or deletes it. */
export function damage(payload: Payload, random: () => number): void {
  let node = payload;
  for (let depth = 0; depth < 5 && node !== null && typeof node === 'object'; depth += 1) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[Math.floor(random() * keys.length)]!;
    if (depth === 4 || random() < 0.3 || node[key] === null || typeof node[key] !== 'object') {
      if (random() < 0.15 && !Array.isArray(node)) delete node[key];
      else node[key] = values[Math.floor(random() * values.length)];
      break;
    }
    node = node[key];
  }
}
