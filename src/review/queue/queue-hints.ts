import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { QueueConfig } from '../../config/index.ts';
import type { Database } from '../../store/index.ts';
import type { Finding } from '../finding.ts';
import { findingFingerprints } from '../output/finding-fingerprint.ts';
import type { ReviewReport } from '../review-report.ts';
import { type Codeowners, parseCodeowners } from './codeowners.ts';
import type { QueueItem } from './queue-item.ts';

export interface QueueHintsOptions {
  db: Kysely<Database>;
  report: ReviewReport;
  repo: string;
  pr: number;
  /** The head commit the findings were made on. */
  head: string;
  config: QueueConfig;
  /** The text of the repository's CODEOWNERS file, when it has one. */
  codeowners?: string | undefined;
  now: number;
}

/** A new short id: 8 lowercase hexadecimal characters, easy to type in a command or a comment. */
export function newQueueId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Puts the report's `hint` findings of the categories in `queue.categories` in the human review queue,
 * as `pending` items for the file's CODEOWNERS (else `queue.team`). A finding is queued once per pull
 * request, by its fingerprint: the same hint in a later run is not queued again, whatever became of the
 * first; neither is one whose fingerprint was already posted on the pull request. Findings without a
 * stored id are skipped (feedback could not be tied to them). Returns the items queued now.
 */
export async function queueHints(
  options: QueueHintsOptions,
): Promise<{ queued: number; items: QueueItem[] }> {
  const { db, report, config } = options;
  const categories = new Set<string>(config.categories);
  const fingerprints = findingFingerprints(report.findings);
  const candidates: { finding: Finding & { id: string }; fingerprint: string }[] = [];
  report.findings.forEach((finding, index) => {
    if (finding.route !== 'hint' || !categories.has(finding.category) || finding.id === undefined) return;
    candidates.push({ finding: { ...finding, id: finding.id }, fingerprint: fingerprints[index]! });
  });
  if (candidates.length === 0) return { queued: 0, items: [] };

  const posted = new Set<string>();
  const wanted = candidates.map((candidate) => candidate.fingerprint);
  for (let start = 0; start < wanted.length; start += 500) {
    const rows = await db
      .selectFrom('github_posted_findings')
      .select('fingerprint')
      .where('repo', '=', options.repo)
      .where('pr', '=', options.pr)
      .where('fingerprint', 'in', wanted.slice(start, start + 500))
      .execute();
    for (const row of rows) posted.add(row.fingerprint);
  }

  const owners: Codeowners | undefined =
    options.codeowners === undefined ? undefined : parseCodeowners(options.codeowners);
  const items: QueueItem[] = [];
  for (const { finding, fingerprint } of candidates) {
    if (posted.has(fingerprint)) continue;
    const fromCodeowners = owners?.ownersOf(finding.path) ?? [];
    const reviewers =
      fromCodeowners.length > 0 ? fromCodeowners : config.team === undefined ? [] : [config.team];
    const item: QueueItem = {
      id: '',
      findingId: finding.id,
      fingerprint,
      repo: options.repo,
      pr: options.pr,
      head: options.head,
      path: finding.path,
      startLine: finding.startLine,
      endLine: finding.endLine,
      severity: finding.severity,
      category: finding.category,
      confidence: finding.confidence,
      title: finding.title,
      explanation: finding.explanation,
      ...(finding.replacement === undefined ? {} : { replacement: finding.replacement }),
      reviewers,
      status: 'pending',
      createdAt: options.now,
    };
    const id = await insertOnce(db, item);
    if (id !== undefined) items.push({ ...item, id });
  }
  return { queued: items.length, items };
}

/** Inserts the item under a fresh id; undefined when its fingerprint is already queued for the pull request. */
async function insertOnce(db: Kysely<Database>, item: QueueItem): Promise<string | undefined> {
  // An 8-character id can collide with an existing one: draw again (the unique fingerprint is what
  // tells a duplicate from a collision).
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = newQueueId();
    const result = await db
      .insertInto('review_queue')
      .values({
        id,
        finding_id: item.findingId,
        fingerprint: item.fingerprint,
        repo: item.repo,
        pr: item.pr,
        head: item.head,
        path: item.path,
        start_line: item.startLine,
        end_line: item.endLine,
        severity: item.severity,
        category: item.category,
        confidence: item.confidence,
        title: item.title,
        explanation: item.explanation,
        replacement: item.replacement ?? null,
        reviewers: JSON.stringify(item.reviewers),
        status: 'pending',
        reason: null,
        decided_by: null,
        decided_at_ms: null,
        created_at_ms: item.createdAt,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if ((result.numInsertedOrUpdatedRows ?? 0n) > 0n) return id;
    const existing = await db
      .selectFrom('review_queue')
      .select('id')
      .where('repo', '=', item.repo)
      .where('pr', '=', item.pr)
      .where('fingerprint', '=', item.fingerprint)
      .executeTakeFirst();
    if (existing !== undefined) return undefined;
  }
  throw new Error('could not draw an unused review queue id in 8 attempts');
}
