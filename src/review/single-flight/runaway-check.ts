import type { Kysely } from 'kysely';
import type { StewardConfig } from '../../config/index.ts';
import { formatUsd, usdToMicros } from '../../money/index.ts';
import type { Database } from '../../store/index.ts';

const day = 86_400_000;

/**
 * Runaway protection for one pull request: at most `review.max_runs_per_pr_per_day` reviews in any 24
 * hours, and nothing once its lifetime budget (`budgets.per_pr.lifetime_usd`) is spent. Returns the one
 * message to show instead of running, or undefined when a review may run.
 */
export async function runawayCheck(
  db: Kysely<Database>,
  config: StewardConfig,
  target: { repo: string; pr: number },
  now: number,
): Promise<string | undefined> {
  const limit = config.review.max_runs_per_pr_per_day;
  const recent = await db
    .selectFrom('review_runs')
    .select(['created_at_ms'])
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where('plan_only', '=', 0)
    .where('created_at_ms', '>', now - day)
    .orderBy('created_at_ms')
    .execute();
  if (recent.length >= limit) {
    const next = new Date(Number(recent[recent.length - limit]!.created_at_ms) + day).toISOString();
    return `${target.repo}#${target.pr} had ${recent.length} reviews in the last 24 hours, the most review.max_runs_per_pr_per_day allows (${limit}): no review until ${next}`;
  }
  const lifetime = config.budgets.per_pr?.lifetime_usd;
  if (lifetime === undefined) return undefined;
  const counter = await db
    .selectFrom('budget_counters')
    .select(['spent_micros'])
    .where('scope', '=', `pr:${target.repo}#${target.pr}`)
    .where('window_key', '=', 'lifetime')
    .executeTakeFirst();
  const spent = Number(counter?.spent_micros ?? 0);
  if (spent >= usdToMicros(lifetime)) {
    return `${target.repo}#${target.pr} has spent its whole review budget (${formatUsd(spent)} of budgets.per_pr.lifetime_usd ${formatUsd(usdToMicros(lifetime))}): no further review; raise the limit to review it again`;
  }
  return undefined;
}
