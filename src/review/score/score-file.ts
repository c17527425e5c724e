import type { FileChange, Hunk } from '../change-set.ts';
import { matchesGlob } from '../filter/index.ts';
import type { FileScore } from '../review-plan.ts';
import { type CommentStyle, commentLines, commentStyleOf } from './comment-line.ts';
import { hasSecretPlaceholder, type LineSignal, lineSignals } from './line-signals.ts';
import { type PathSignals, pathSignalsOf } from './path-signals.ts';
import { sizeSignalFrom, weights } from './weights.ts';

export interface ScoreOptions {
  /** `review.critical_paths`: globs whose files are always high risk. */
  criticalPaths: readonly string[];
}

/** What the changed lines of a hunk (or of a whole file) hold. */
interface Tally {
  /** Changed lines that are not blank. */
  changed: number;
  /** Lines with each signal. */
  counts: Map<LineSignal, number>;
  trivial: 'whitespace only' | 'comments only' | undefined;
}

const presenceWeights: [LineSignal, number][] = [
  ['secret', weights.secret],
  ['dynamic sql', weights.dynamicSql],
  ['shell exec', weights.shellExec],
  ['eval / deserialisation', weights.evalOrDeserialisation],
  ['html injection', weights.htmlInjection],
  ['sql', weights.sql],
  ['crypto', weights.crypto],
  ['file path from input', weights.filePathFromInput],
  ['auth logic', weights.authLogic],
];

/**
 * How risky a file's change is, from free signals only: its changed lines and its path.
 *
 * Each signal has a weight w in [0, 1] (see weights.ts) and they combine like independent chances:
 * `risk = 1 − Π(1 − w)`. One strong signal is enough for a high score, weak ones add up without
 * passing 1, and the result does not depend on the order of the signals.
 * - size: `0.05 × log2(1 + changed lines)`, at most 0.4 (blank lines do not count);
 * - counted: definitions 0.08 per line (≤ 0.3), imports 0.05 (≤ 0.15), control flow 0.03 (≤ 0.3);
 * - present or not: secret placeholder left by redaction 0.9, SQL assembled from values 0.6 (on top
 *   of SQL's own), shell exec 0.55, eval / deserialisation 0.55, HTML injection 0.5, SQL 0.45,
 *   crypto 0.45, file path from input 0.45, auth logic 0.3;
 * - path: security-sensitive path (auth, login, session, token, password, permission, crypto, secret…)
 *   0.4, infrastructure (CI workflows, Dockerfiles, Terraform, deploy manifests) 0.3.
 * Then: test files × 0.5; documentation files ≤ 0.15 (their lines give no code signals); a hunk whose
 * changes are only comments is 0.05, only whitespace 0.02; a rename or copy without hunks 0.01.
 * Last, a file under `critical_paths` is at least 0.85, whatever else holds.
 * A hunk's risk is the same formula over its own lines; the file's is over all its lines, so it is at
 * least its riskiest hunk's. Comment lines give no signals except a secret placeholder.
 */
export function scoreFile(file: FileChange, options: ScoreOptions): FileScore {
  const path = pathSignalsOf(file.path);
  const critical = options.criticalPaths.some((glob) => matchesGlob(file.path, glob));
  if (file.hunks.length === 0) {
    const renamed = file.status === 'renamed' || file.status === 'copied';
    const base = renamed ? { risk: weights.renameOnly, signals: ['rename only'] } : { risk: 0, signals: [] };
    return { path: file.path, ...withFloor(base, critical), hunks: [] };
  }

  const style = commentStyleOf(file.path);
  const tallies = file.hunks.map((hunk) => tallyHunk(hunk, style, path.docs));
  const hunks = tallies.map((tally) => withFloor(riskOf(tally, path), critical));
  const total = withFloor(riskOf(combineTallies(tallies), path), critical);
  const risk = Math.max(total.risk, ...hunks.map((hunk) => hunk.risk));
  return { path: file.path, risk, signals: total.signals, hunks };
}

function tallyHunk(hunk: Hunk, style: CommentStyle, docs: boolean): Tally {
  const counts = new Map<LineSignal, number>();
  const added: string[] = [];
  const removed: string[] = [];
  let changed = 0;
  let onlyComments = true;
  const comments = commentFlags(hunk.lines, style);
  hunk.lines.forEach((line, index) => {
    const kind = line[0];
    if (kind !== '+' && kind !== '-') return;
    const text = line.slice(1);
    if (!/\S/.test(text)) return;
    changed++;
    (kind === '+' ? added : removed).push(text);
    const comment = comments[index]!;
    if (!comment) onlyComments = false;
    if (docs || comment) {
      if (kind === '+' && hasSecretPlaceholder(text)) counts.set('secret', (counts.get('secret') ?? 0) + 1);
      return;
    }
    if (!/[A-Za-z]/.test(text)) return;
    for (const signal of lineSignals(text, kind === '+')) counts.set(signal, (counts.get(signal) ?? 0) + 1);
  });
  let trivial: Tally['trivial'];
  if (changed === 0 || sameLines(added, removed)) trivial = 'whitespace only';
  else if (onlyComments && !counts.has('secret')) trivial = 'comments only';
  return { changed, counts, trivial };
}

/**
 * Which lines of a hunk are comments, block comments followed on each side: removed lines with the
 * context as the old file reads, added lines with the context as the new file reads.
 */
function commentFlags(lines: readonly string[], style: CommentStyle): boolean[] {
  const flags = lines.map(() => false);
  for (const other of ['+', '-']) {
    const side = lines.flatMap((line, index) => (line[0] === other ? [] : [index]));
    const sideFlags = commentLines(
      side.map((index) => lines[index]!.slice(1)),
      style,
    );
    side.forEach((lineIndex, position) => {
      if (lines[lineIndex]![0] !== ' ') flags[lineIndex] = sideFlags[position]!;
    });
  }
  return flags;
}

/** Whether the removed lines come back as the added lines, up to whitespace and order. */
function sameLines(added: string[], removed: string[]): boolean {
  if (added.length !== removed.length) return false;
  const squeeze = (lines: string[]) => lines.map((line) => line.replace(/\s+/g, '')).sort();
  const squeezedAdded = squeeze(added);
  const squeezedRemoved = squeeze(removed);
  return squeezedAdded.every((line, index) => line === squeezedRemoved[index]);
}

/** The file's tally: the sum of its hunks that are not trivial, else the most telling trivial kind. */
function combineTallies(tallies: Tally[]): Tally {
  const substantial = tallies.filter((tally) => tally.trivial === undefined);
  if (substantial.length === 0) {
    const comments = tallies.some((tally) => tally.trivial === 'comments only');
    return { changed: 0, counts: new Map(), trivial: comments ? 'comments only' : 'whitespace only' };
  }
  const counts = new Map<LineSignal, number>();
  let changed = 0;
  for (const tally of substantial) {
    changed += tally.changed;
    for (const [signal, count] of tally.counts) counts.set(signal, (counts.get(signal) ?? 0) + count);
  }
  return { changed, counts, trivial: undefined };
}

function riskOf(tally: Tally, path: PathSignals): { risk: number; signals: string[] } {
  if (tally.trivial !== undefined) {
    const risk = tally.trivial === 'comments only' ? weights.commentsOnly : weights.whitespaceOnly;
    return { risk: path.test ? risk * weights.testFile : risk, signals: [tally.trivial] };
  }
  const signals: string[] = [];
  const parts: number[] = [];
  const add = (signal: string, weight: number) => {
    signals.push(signal);
    parts.push(weight);
  };

  for (const [signal, weight] of presenceWeights) if (tally.counts.has(signal)) add(signal, weight);
  if (path.sensitive) add('sensitive path', weights.sensitivePath);
  if (path.infrastructure) add('infrastructure', weights.infrastructure);
  const counted: [LineSignal, { each: number; cap: number }][] = [
    ['definitions', weights.definitions],
    ['control flow', weights.controlFlow],
    ['imports', weights.imports],
  ];
  for (const [signal, weight] of counted) {
    const count = tally.counts.get(signal) ?? 0;
    if (count > 0) add(signal, Math.min(weight.cap, weight.each * count));
  }
  const size = Math.min(weights.size.cap, weights.size.perDoubling * Math.log2(1 + tally.changed));
  parts.push(size);
  if (tally.changed >= sizeSignalFrom) signals.push('size');

  let risk = 1 - parts.reduce((remaining, weight) => remaining * (1 - weight), 1);
  if (path.test) {
    risk *= weights.testFile;
    signals.push('test file');
  }
  if (path.docs) {
    risk = Math.min(risk, weights.docsCap);
    signals.push('docs');
  }
  return { risk, signals };
}

function withFloor(
  score: { risk: number; signals: string[] },
  critical: boolean,
): { risk: number; signals: string[] } {
  if (!critical) return { risk: round(score.risk), signals: score.signals };
  return {
    risk: round(Math.max(score.risk, weights.criticalPathFloor)),
    signals: ['critical path', ...score.signals],
  };
}

function round(risk: number): number {
  return Math.round(risk * 1000) / 1000;
}
