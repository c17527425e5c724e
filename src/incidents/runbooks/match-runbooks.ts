import { basename, extname } from 'node:path/posix';
import type { Runbook } from './load-runbooks.ts';

/** An alert as runbook matching reads it. */
export interface RunbookAlert {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

export interface RunbookMatch {
  runbook: { path: string; title: string };
  /** Why it matched, strongest reason first: `runbook_url names db-failover.md; alertname HighLatency`. */
  reason: string;
}

export interface MatchRunbooksOptions {
  /** The label naming the alert's service (incidents.service_label); default `service`. */
  serviceLabel?: string;
}

/** How strongly a reason ties a runbook to an alert: lower is stronger. */
const strength = {
  urlPath: 0,
  urlName: 1,
  alertsList: 2,
  fileName: 3,
  labels: 4,
  service: 5,
} as const;

interface Reason {
  strength: number;
  text: string;
  /** For labels: how many labels matched (more is more specific). */
  weight: number;
}

/** Lowercase, without `-`, `_` and spaces: `HighLatency`, `high-latency` and `high_latency` are equal. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, '');
}

/**
 * The runbooks that apply to an alert, best first, each once with every reason it matched:
 * 1. its `runbook_url` (or `runbook`) annotation: the URL's path ends with the runbook's relative path,
 *    or its last segment is the runbook's file name (either with or without the extension);
 * 2. its `alertname`: listed in the runbook's front matter `alerts`, or equal to its file name
 *    (case-insensitive, `-` and `_` ignored);
 * 3. its labels: every front matter `labels` entry equal (more labels rank higher);
 * 4. its service label: listed in the runbook's front matter `services`.
 */
export function matchRunbooks(
  runbooks: readonly Runbook[],
  alert: RunbookAlert,
  options: MatchRunbooksOptions = {},
): RunbookMatch[] {
  const url = urlPath(alert.annotations.runbook_url ?? alert.annotations.runbook);
  const alertname = alert.labels.alertname;
  const service = alert.labels[options.serviceLabel ?? 'service'];
  const byUrl = url === undefined ? new Map<Runbook, Reason>() : urlMatches(runbooks, url);
  const matches: { runbook: Runbook; reasons: Reason[] }[] = [];
  for (const runbook of runbooks) {
    const reasons: Reason[] = [];
    const name = basename(runbook.path);
    const urlReason = byUrl.get(runbook);
    if (urlReason !== undefined) reasons.push(urlReason);
    if (alertname !== undefined && alertname !== '') {
      const folded = foldName(alertname);
      if (runbook.alerts.some((listed) => foldName(listed) === folded)) {
        reasons.push({ strength: strength.alertsList, text: `alertname ${alertname}`, weight: 0 });
      } else if (foldName(basename(name, extname(name))) === folded) {
        reasons.push({
          strength: strength.fileName,
          text: `alertname ${alertname} (file name ${name})`,
          weight: 0,
        });
      }
    }
    const labels = Object.entries(runbook.labels);
    if (labels.length > 0 && labels.every(([label, value]) => alert.labels[label] === value)) {
      reasons.push({
        strength: strength.labels,
        text: `labels ${labels.map(([label, value]) => `${label}=${value}`).join(', ')}`,
        weight: labels.length,
      });
    }
    if (service !== undefined && service !== '' && runbook.services.includes(service)) {
      reasons.push({ strength: strength.service, text: `service ${service}`, weight: 0 });
    }
    if (reasons.length > 0) matches.push({ runbook, reasons });
  }
  const best = (reasons: readonly Reason[]) => reasons[0]!;
  matches.sort(
    (a, b) =>
      best(a.reasons).strength - best(b.reasons).strength ||
      best(b.reasons).weight - best(a.reasons).weight ||
      b.reasons.length - a.reasons.length ||
      (a.runbook.path < b.runbook.path ? -1 : a.runbook.path > b.runbook.path ? 1 : 0),
  );
  return matches.map(({ runbook, reasons }) => ({
    runbook: { path: runbook.path, title: runbook.title },
    reason: reasons.map((reason) => reason.text).join('; '),
  }));
}

/**
 * Runbooks a runbook URL names: by relative path (a URL ending in `db/failover.md` or `db/failover`),
 * else, when no path matches, by file name (its last segment).
 */
function urlMatches(runbooks: readonly Runbook[], url: string): Map<Runbook, Reason> {
  const lastSegment = url.slice(url.lastIndexOf('/') + 1);
  const withoutExtension = (path: string) => path.slice(0, path.length - extname(path).length);
  const byPath = new Map<Runbook, Reason>();
  const byName = new Map<Runbook, Reason>();
  for (const runbook of runbooks) {
    const path = runbook.path.toLowerCase();
    if (
      path.includes('/') &&
      [path, withoutExtension(path)].some((candidate) => url === candidate || url.endsWith(`/${candidate}`))
    ) {
      byPath.set(runbook, {
        strength: strength.urlPath,
        text: `runbook_url names ${runbook.path}`,
        weight: 0,
      });
      continue;
    }
    const name = basename(path);
    if (lastSegment === name || lastSegment === withoutExtension(name)) {
      byName.set(runbook, {
        strength: strength.urlName,
        text: `runbook_url names ${basename(runbook.path)}`,
        weight: 0,
      });
    }
  }
  return byPath.size > 0 ? byPath : byName;
}

/** The lowercased, decoded path of a runbook URL (or of a bare path), without a trailing `/`. */
function urlPath(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let path: string;
  try {
    path = new URL(value.trim()).pathname;
  } catch {
    path = value.trim().replace(/[?#].*$/, '');
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep it encoded.
  }
  const trimmed = path.replace(/\/+$/, '').toLowerCase();
  return trimmed === '' ? undefined : trimmed;
}
