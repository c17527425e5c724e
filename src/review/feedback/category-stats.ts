import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { type Category, categories } from '../finding.ts';
import type { FeedbackKind } from './record-feedback.ts';

/** What humans made of one category's findings. Rates are null when their denominator is 0. */
export interface CategoryStat {
  /** Findings that reached a human: posted on GitHub, or decided in the review queue. */
  posted: number;
  /** Of those, findings with a verdict: accepted + rejected. */
  judged: number;
  accepted: number;
  rejected: number;
  /** accepted / posted */
  acceptanceRate: number | null;
  /** rejected / judged */
  falsePositiveRate: number | null;
  /** accepted / judged */
  precision: number | null;
}

export type CategoryStats = Record<Category, CategoryStat>;

export type Verdict = 'accepted' | 'rejected';

const positiveExplicit = new Set<FeedbackKind>(['thumbs_up', 'accepted']);
const negativeExplicit = new Set<FeedbackKind>(['thumbs_down', 'dismissed']);
const positiveImplicit = new Set<FeedbackKind>(['resolved', 'changed']);

/**
 * The verdict on one finding from its signals:
 * - explicit human verdicts (`thumbs_up`, `accepted` for; `thumbs_down`, `dismissed` against) decide,
 *   the latest one winning; at the same instant, the one against wins;
 * - without any, an implicit sign that the author acted on it (`resolved` thread, `changed` lines) is
 *   an acceptance;
 * - `unresolved` and `reply` say nothing either way; no signal at all means no verdict (not judged).
 */
export function verdictOf(signals: readonly { kind: FeedbackKind; at: number }[]): Verdict | undefined {
  let latest: { verdict: Verdict; at: number } | undefined;
  let implicit = false;
  for (const signal of signals) {
    const verdict: Verdict | undefined = positiveExplicit.has(signal.kind)
      ? 'accepted'
      : negativeExplicit.has(signal.kind)
        ? 'rejected'
        : undefined;
    if (verdict === undefined) {
      if (positiveImplicit.has(signal.kind)) implicit = true;
      continue;
    }
    if (
      latest === undefined ||
      signal.at > latest.at ||
      (signal.at === latest.at && verdict === 'rejected')
    ) {
      latest = { verdict, at: signal.at };
    }
  }
  if (latest !== undefined) return latest.verdict;
  return implicit ? 'accepted' : undefined;
}

/** Counts and rates per category from findings that reached a human and the signals about them. */
export function summarizeFeedback(
  findings: readonly { findingId: string; category: string }[],
  signals: readonly { findingId: string; kind: FeedbackKind; at: number }[],
): CategoryStats {
  const byFinding = new Map<string, { kind: FeedbackKind; at: number }[]>();
  for (const signal of signals) {
    const list = byFinding.get(signal.findingId) ?? [];
    list.push(signal);
    byFinding.set(signal.findingId, list);
  }
  const counts = new Map<Category, { posted: number; accepted: number; rejected: number }>(
    categories.map((category) => [category, { posted: 0, accepted: 0, rejected: 0 }]),
  );
  const seen = new Set<string>();
  for (const finding of findings) {
    const count = counts.get(finding.category as Category);
    if (count === undefined || seen.has(finding.findingId)) continue;
    seen.add(finding.findingId);
    count.posted++;
    const verdict = verdictOf(byFinding.get(finding.findingId) ?? []);
    if (verdict === 'accepted') count.accepted++;
    else if (verdict === 'rejected') count.rejected++;
  }
  const stats = {} as CategoryStats;
  for (const [category, { posted, accepted, rejected }] of counts) {
    const judged = accepted + rejected;
    stats[category] = {
      posted,
      judged,
      accepted,
      rejected,
      acceptanceRate: posted === 0 ? null : accepted / posted,
      falsePositiveRate: judged === 0 ? null : rejected / judged,
      precision: judged === 0 ? null : accepted / judged,
    };
  }
  return stats;
}

/**
 * Per-category feedback over the findings that reached a human since `since` (ms): those posted on
 * GitHub (`github_posted_findings`) and those decided in the review queue, each counted once, with
 * the signals recorded about them since then. See `verdictOf` for how a finding is judged.
 */
export async function categoryStats(
  db: Kysely<Database>,
  options: { since: number },
): Promise<CategoryStats> {
  const posted = await db
    .selectFrom('github_posted_findings')
    .select(['finding_id', 'category'])
    .where('posted_at_ms', '>=', options.since)
    .execute();
  const decided = await db
    .selectFrom('review_queue')
    .select(['finding_id', 'category'])
    .where('status', 'in', ['accepted', 'dismissed'])
    .where('decided_at_ms', '>=', options.since)
    .execute();
  const signals = await db
    .selectFrom('finding_feedback')
    .select(['finding_id', 'kind', 'at_ms'])
    .where('at_ms', '>=', options.since)
    .execute();
  return summarizeFeedback(
    [...posted, ...decided].map((row) => ({ findingId: row.finding_id, category: row.category })),
    signals.map((row) => ({ findingId: row.finding_id, kind: row.kind, at: Number(row.at_ms) })),
  );
}
