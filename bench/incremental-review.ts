// What incremental review saves on real change series: for each package, push k of a pull request is
// the diff from version 0 to version k (each push adds real changes on top of the last). Incremental
// review plans only hunks never reviewed before in the pull request; a full re-review plans the whole
// diff at every push. Also a rebase: the last push's content on a new base, which must plan nothing.
//
//   node bench/incremental-review.ts [--series N]
// Downloads the packages with `npm pack` into bench/.cache (ignored by git).
import { parseConfig } from '../src/config/index.ts';
import { createPriceBook } from '../src/llm/prices/index.ts';
import type { FileChange } from '../src/review/change-set.ts';
import { hunkKey } from '../src/review/memory/index.ts';
import { parseUnifiedDiff } from '../src/review/source/index.ts';
import { scratchHistory, unpacked } from './support/npm-packages.ts';
import { planChange } from './support/plan-change.ts';

const series: [string, string[]][] = [
  ['express', ['4.18.0', '4.18.1', '4.18.2', '4.18.3', '4.19.0', '4.19.2']],
  ['commander', ['11.0.0', '11.1.0', '12.0.0', '12.1.0', '13.0.0', '13.1.0']],
  ['semver', ['7.5.0', '7.5.1', '7.5.2', '7.5.3', '7.5.4', '7.6.0']],
  ['yargs', ['17.5.0', '17.5.1', '17.6.0', '17.6.1', '17.6.2', '17.7.0']],
  ['ws', ['8.13.0', '8.14.0', '8.14.1', '8.14.2', '8.15.0', '8.16.0']],
  ['uuid', ['9.0.0', '9.0.1', '10.0.0', '11.0.0', '11.0.1', '11.0.2']],
  ['dotenv', ['16.0.0', '16.0.1', '16.0.2', '16.0.3', '16.1.0', '16.3.1']],
  ['axios', ['1.6.0', '1.6.1', '1.6.2', '1.6.3', '1.6.4', '1.6.5']],
  ['chalk', ['5.0.0', '5.0.1', '5.1.0', '5.1.1', '5.1.2', '5.2.0']],
  ['debug', ['4.3.0', '4.3.1', '4.3.2', '4.3.3', '4.3.4', '4.3.5']],
  ['qs', ['6.11.0', '6.11.1', '6.11.2', '6.12.0', '6.12.1', '6.12.2']],
  ['body-parser', ['1.20.0', '1.20.1', '1.20.2', '1.20.3', '2.0.0', '2.0.1']],
  ['cookie', ['0.5.0', '0.6.0', '0.7.0', '0.7.1', '0.7.2', '1.0.0']],
  ['yaml', ['2.3.0', '2.3.1', '2.3.2', '2.3.3', '2.3.4', '2.4.0']],
  ['ajv', ['8.11.0', '8.11.2', '8.12.0', '8.13.0', '8.14.0', '8.15.0']],
  ['mime', ['3.0.0', '4.0.0', '4.0.1', '4.0.2', '4.0.3', '4.0.4']],
  ['glob', ['10.3.0', '10.3.1', '10.3.3', '10.3.4', '10.3.5', '10.3.10']],
  ['minimatch', ['9.0.0', '9.0.1', '9.0.2', '9.0.3', '9.0.4', '9.0.5']],
  ['zod', ['3.21.0', '3.21.4', '3.22.0', '3.22.2', '3.22.4', '3.23.0']],
  ['pino', ['8.14.0', '8.15.0', '8.16.0', '8.17.0', '8.18.0', '8.19.0']],
  ['kysely', ['0.27.0', '0.27.1', '0.27.2', '0.27.3', '0.27.4', '0.28.0']],
];

const limit = process.argv.includes('--series')
  ? Number(process.argv[process.argv.indexOf('--series') + 1])
  : series.length;
const config = parseConfig('', 'bench').config!;
const priceBook = createPriceBook();

/** Planned input tokens for reviewing `files`, with no budget limit. */
async function plannedTokens(files: FileChange[]): Promise<number> {
  const plan = await planChange(files, config, priceBook, Number.MAX_SAFE_INTEGER);
  return plan.units.reduce((sum, unit) => sum + unit.estimatedInputTokens, 0);
}

let totalFull = 0;
let totalIncremental = 0;
let totalPushes = 0;
console.log('series        pushes  full re-review tokens  incremental tokens  saving  rebase tokens');
for (const [name, versions] of series.slice(0, limit)) {
  const history = scratchHistory(
    name,
    versions.map((version) => unpacked(`${name}@${version}`)),
  );
  const diffs = versions.slice(1).map((_, index) => history.diffFrom(index + 1));
  history.remove();
  const reviewed = new Set<string>();
  let full = 0;
  let incremental = 0;
  let lastFiles: FileChange[] = [];
  for (const text of diffs) {
    const files = parseUnifiedDiff(text);
    full += await plannedTokens(files);
    const fresh = files
      .map((file) => ({
        ...file,
        hunks: file.hunks.filter((hunk) => !reviewed.has(hunkKey(file.path, hunk))),
      }))
      .filter((file) => file.hunks.length > 0);
    incremental += await plannedTokens(fresh);
    for (const file of files) for (const hunk of file.hunks) reviewed.add(hunkKey(file.path, hunk));
    lastFiles = files;
  }
  // A rebase: the same changes, shifted 40 lines down by upstream work.
  const rebased = lastFiles
    .map((file) => ({
      ...file,
      hunks: file.hunks
        .map((hunk) => ({ ...hunk, oldStart: hunk.oldStart + 40, newStart: hunk.newStart + 40 }))
        .filter((hunk) => !reviewed.has(hunkKey(file.path, hunk))),
    }))
    .filter((file) => file.hunks.length > 0);
  const rebaseTokens = await plannedTokens(rebased);
  totalFull += full;
  totalIncremental += incremental;
  totalPushes += diffs.length;
  console.log(
    `${name.padEnd(13)} ${String(diffs.length).padStart(6)} ${String(full).padStart(22)} ${String(incremental).padStart(19)} ${`${((1 - incremental / Math.max(1, full)) * 100).toFixed(0)}%`.padStart(7)} ${String(rebaseTokens).padStart(14)}`,
  );
}
console.log(
  `all ${limit} series, ${totalPushes} pushes: full re-review ${totalFull} tokens, incremental ${totalIncremental} tokens: ${(totalFull / Math.max(1, totalIncremental)).toFixed(1)}× fewer (${((1 - totalIncremental / Math.max(1, totalFull)) * 100).toFixed(0)}% saved)`,
);
