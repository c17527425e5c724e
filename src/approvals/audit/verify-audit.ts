import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../store/index.ts';
import { type AuditHashInput, auditEntryHash, parseAuditDetail } from './audit-entry.ts';

/** One thing wrong with the log, at the entry it concerns. */
export interface AuditProblem {
  /** The entry (the first one, for a run of missing entries); 0 for the head itself. */
  seq: number;
  /** For people: `entry 7 was edited: its hash does not match its contents`. */
  problem: string;
}

/** What `verifyAudit` found. */
export interface AuditVerification {
  /** No problems. */
  ok: boolean;
  /** Entries read (up to the head). */
  entries: number;
  /** The head as read when the check began (null when its row is missing): record its hash elsewhere to anchor the log. */
  head: { seq: number; hash: string } | null;
  /** In log order; at most `maxAuditProblems`, then one line counting the rest. */
  problems: AuditProblem[];
}

export interface VerifyAuditOptions {
  /** Entries read per query, 1,000 unless told. */
  pageSize?: number;
}

/** Problems listed before the rest are only counted (a rewritten log would otherwise list every entry). */
export const maxAuditProblems = 1_000;

/** How far from its place an entry's contents are looked for when they do not hash at their own seq. */
const movedWindow = 16;

/** Where the previous entry stood. `moved` entries carry another place's hash, so links to them say nothing. */
interface Previous {
  seq: number;
  hash: string;
  moved: boolean;
}

/**
 * Walks the audit log in seq order, a page at a time, and checks that:
 * every entry's hash matches its contents (`auditEntryHash`), each entry's `prev_hash` is the previous
 * entry's hash ('' for entry 1), seqs run 1, 2, 3, … without gaps, and the last entry is the one
 * `audit_head` names (seq and hash). An edited entry, a deleted one (anywhere, the last included), and
 * reordered entries are each reported at the entry concerned.
 *
 * The head is read first and entries are checked up to it, so entries appended while this runs are
 * left for the next check and need no transaction (which on SQLite would hold the write lock).
 */
export async function verifyAudit(
  db: Kysely<Database>,
  options: VerifyAuditOptions = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1_000;
  const head = await readHead(db);
  const problems = new ProblemList();
  let entries = 0;
  let previous: Previous | undefined;
  let after: number | undefined;

  for (;;) {
    let query = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(pageSize);
    if (after !== undefined) query = query.where('seq', '>', after);
    if (head !== null) query = query.where('seq', '<=', head.seq);
    const rows = await query.execute();
    for (const row of rows) {
      entries++;
      after = Number(row.seq);
      previous = checkEntry(row, previous, problems) ?? previous;
    }
    if (rows.length < pageSize) break;
  }

  if (head === null) {
    problems.add(0, 'the audit head (audit_head row 1) is missing: the end of the log cannot be checked');
  } else {
    checkEnd(head, previous, problems);
    await checkPastHead(db, head, problems);
  }
  const listed = problems.finish();
  return { ok: listed.length === 0, entries, head, problems: listed };
}

/** Checks one row against the one before; returns where the chain now stands (undefined: row left out). */
function checkEntry(
  row: Selectable<AuditLogTable>,
  previous: Previous | undefined,
  problems: ProblemList,
): Previous | undefined {
  const seq = Number(row.seq);
  const expected = previous === undefined ? 1 : previous.seq + 1;
  if (!Number.isSafeInteger(seq) || seq < expected) {
    problems.add(seq, `entry ${seq} is out of place: entries are numbered 1, 2, 3, … without repeats`);
    return undefined;
  }
  const gap = seq > expected;
  if (gap) {
    problems.add(
      expected,
      seq === expected + 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing`,
    );
  }

  const detail = parseAuditDetail(row.detail);
  if (detail === undefined) {
    problems.add(seq, `entry ${seq} was edited: its detail is not a JSON object`);
    return { seq, hash: row.hash, moved: false };
  }
  const contents = {
    atMs: Number(row.at_ms),
    event: row.event,
    requestId: row.request_id,
    actor: row.actor,
    detail,
    prevHash: row.prev_hash,
  };
  if (auditEntryHash({ seq, ...contents }) !== row.hash) {
    const writtenAs = problems.full ? undefined : findWrittenSeq(seq, contents, row.hash);
    if (writtenAs === undefined) {
      problems.add(seq, `entry ${seq} was edited: its hash does not match its contents`);
      return { seq, hash: row.hash, moved: false };
    }
    problems.add(
      seq,
      `entry ${seq} is out of order: it holds what was written as entry ${writtenAs} (entries were reordered)`,
    );
    return { seq, hash: row.hash, moved: true };
  }

  // A gap or a moved previous entry already explains a broken link.
  if (!gap && !(previous?.moved ?? false)) {
    const expectedPrevHash = previous?.hash ?? '';
    if (row.prev_hash !== expectedPrevHash) {
      problems.add(
        seq,
        previous === undefined
          ? `entry ${seq} does not start the chain: its previous hash is not empty`
          : `entry ${seq} does not follow entry ${previous.seq}: its previous hash is not entry ${previous.seq}'s hash (entries were reordered or rewritten)`,
      );
    }
  }
  return { seq, hash: row.hash, moved: false };
}

/** The seq near `seq` at which these contents hash to `hash`: where a moved entry was written. */
function findWrittenSeq(
  seq: number,
  contents: Omit<AuditHashInput, 'seq'>,
  hash: string,
): number | undefined {
  for (let distance = 1; distance <= movedWindow; distance++) {
    for (const candidate of [seq + distance, seq - distance]) {
      if (candidate >= 1 && auditEntryHash({ seq: candidate, ...contents }) === hash) return candidate;
    }
  }
  return undefined;
}

/** The last entry must be the head's. */
function checkEnd(head: { seq: number; hash: string }, last: Previous | undefined, problems: ProblemList) {
  const lastSeq = last?.seq ?? 0;
  if (lastSeq < head.seq) {
    const first = lastSeq + 1;
    const missing =
      first === head.seq ? `entry ${first} is missing` : `entries ${first} to ${head.seq} are missing`;
    const end = last === undefined ? 'the log is empty' : `the log ends at entry ${lastSeq}`;
    problems.add(first, `${missing}: ${end} but the head says ${head.seq}`);
    return;
  }
  if (last === undefined) {
    if (head.hash !== '') problems.add(0, 'the head says the log is empty but holds a hash');
    return;
  }
  if (!last.moved && last.hash !== head.hash) {
    problems.add(
      last.seq,
      `entry ${last.seq} does not match the head: the head holds another hash (the entry or the head was rewritten)`,
    );
  }
}

/**
 * Entries past the head were written without moving it: by hand, since appends move both in one
 * transaction. Ones appended while the check ran move the head too, and are left for the next check.
 */
async function checkPastHead(
  db: Kysely<Database>,
  head: { seq: number; hash: string },
  problems: ProblemList,
): Promise<void> {
  const past = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')])
    .where('seq', '>', head.seq)
    .executeTakeFirst();
  if (past?.first == null || past.last == null) return;
  const now = await readHead(db);
  if (now === null || now.seq !== head.seq || now.hash !== head.hash) return;
  const first = Number(past.first);
  const last = Number(past.last);
  problems.add(
    first,
    `${first === last ? `entry ${first} was` : `entries ${first} to ${last} were`} added without moving the head, which says the log ends at entry ${head.seq}`,
  );
}

async function readHead(db: Kysely<Database>): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row === undefined ? null : { seq: Number(row.seq), hash: row.hash };
}

/** Problems up to `maxAuditProblems`, then a count. */
class ProblemList {
  readonly #listed: AuditProblem[] = [];
  #unlisted = 0;
  #firstUnlisted = 0;

  get full(): boolean {
    return this.#listed.length >= maxAuditProblems;
  }

  add(seq: number, problem: string): void {
    if (!this.full) {
      this.#listed.push({ seq, problem });
      return;
    }
    if (this.#unlisted === 0) this.#firstUnlisted = seq;
    this.#unlisted++;
  }

  finish(): AuditProblem[] {
    if (this.#unlisted === 0) return this.#listed;
    const more = `… and ${this.#unlisted} more problem${this.#unlisted === 1 ? '' : 's'} from entry ${this.#firstUnlisted} on`;
    return [...this.#listed, { seq: this.#firstUnlisted, problem: more }];
  }
}
