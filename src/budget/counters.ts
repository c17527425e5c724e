import type { Limits } from '../config/index.ts';
import { usdToMicros } from '../money/index.ts';
import type { Scope } from './scopes.ts';
import { type WindowKind, windowKey, windowKinds } from './windows.ts';

/** One budget counter a call touches: a scope in one window, with its limit there if any. */
export interface CounterRef {
  scope: string;
  window_key: string;
  kind: WindowKind;
  limitMicros: number | undefined;
}

const limitKeys: Record<WindowKind, keyof Limits> = {
  day: 'daily_usd',
  month: 'monthly_usd',
  lifetime: 'lifetime_usd',
};

/** Converts a configured USD limit to micro-USD. */
export function limitMicros(limits: Limits | undefined, kind: WindowKind): number | undefined {
  const usd = limits?.[limitKeys[kind]];
  return usd === undefined ? undefined : usdToMicros(usd);
}

/**
 * The counters of every scope in every window that contains `at`, in one fixed order, so that
 * concurrent transactions lock rows in the same order and cannot deadlock.
 */
export function countersFor(scopes: readonly Scope[], at: number, timeZone: string): CounterRef[] {
  const counters: CounterRef[] = [];
  for (const scope of scopes) {
    for (const kind of windowKinds) {
      counters.push({
        scope: scope.name,
        window_key: windowKey(kind, at, timeZone),
        kind,
        limitMicros: limitMicros(scope.limits, kind),
      });
    }
  }
  return counters.sort(byLockOrder);
}

/** The one order in which every transaction touches counters, so that none waits on another in a cycle. */
export function byLockOrder(
  a: { scope: string; window_key: string },
  b: { scope: string; window_key: string },
): number {
  return compare(a.scope, b.scope) || compare(a.window_key, b.window_key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
