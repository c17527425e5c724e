// What `steward review --plan` costs to compute and what the planned review would cost, on real diffs
// between published versions of npm packages, against two baselines computed in the same run:
// - naive: every changed file's whole patch to the strongest tier (deep), output cap 2,000, one call per file;
// - rule-of-thumb: skip by extension, review files with 5–500 changed lines, one call per file, tier by
//   size (≤ 50 lines fast, ≤ 200 balanced, else deep), output cap 2,000.
//
//   node bench/review-plan.ts [--only NAME]
// Downloads the packages with `npm pack` into bench/.cache (ignored by git).
import { parseConfig } from '../src/config/index.ts';
import { createPriceBook, worstCaseCost } from '../src/llm/prices/index.ts';
import { countTokens } from '../src/llm/tokens/index.ts';
import { formatUsd } from '../src/money/index.ts';
import type { FileChange } from '../src/review/change-set.ts';
import { parseUnifiedDiff } from '../src/review/source/index.ts';
import { scratchHistory, unpacked } from './support/npm-packages.ts';
import { planChange } from './support/plan-change.ts';

const diffs = [
  { name: 'express', size: 'small', from: 'express@4.18.2', to: 'express@4.21.2' },
  { name: 'zod', size: 'small', from: 'zod@3.22.4', to: 'zod@3.23.8' },
  { name: 'eslint', size: 'medium', from: 'eslint@8.56.0', to: 'eslint@9.0.0' },
  { name: 'typescript', size: 'medium', from: 'typescript@5.3.3', to: 'typescript@5.4.5' },
  { name: 'date-fns 2.30', size: 'large', from: 'date-fns@2.29.3', to: 'date-fns@2.30.0' },
  { name: 'rxjs', size: 'huge', from: 'rxjs@6.6.7', to: 'rxjs@7.8.1' },
  { name: 'date-fns 3', size: 'huge', from: 'date-fns@2.30.0', to: 'date-fns@3.0.0' },
];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const config = parseConfig('', 'bench').config!;
const priceBook = createPriceBook();
const tierPrice = (tier: string) => priceBook.priceOf(config.tiers[tier]!.model);
const patchText = (file: FileChange) => file.hunks.map((hunk) => hunk.lines.join('\n')).join('\n');
const tokensOf = (text: string) => countTokens(text, { provider: 'openai', model: 'gpt-4.1' }).tokens;
const ruleSkip =
  /\.(lock|min\.js|min\.css|map|snap|png|jpe?g|gif|svg|ico|woff2?|ttf|pdf|zip|gz)$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/;

console.log(
  'diff            size    files   MB    parse+plan  files/s   MB/s  RSS MB | planned: units  tokens    cost    | naive: tokens    cost    | rule: tokens   cost    | ×naive ×rule | $2 budget: units left-out cost',
);
for (const entry of diffs) {
  if (only !== undefined && !entry.name.includes(only)) continue;
  const history = scratchHistory(entry.name, [unpacked(entry.from), unpacked(entry.to)]);
  const text = history.diffFrom(1);
  history.remove();

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const files = parseUnifiedDiff(text);
  const plan = await planChange(files, config, priceBook, Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - started) / 1000;
  const rss = Math.max(process.memoryUsage().rss, rssBefore) / 2 ** 20;
  const budgeted = await planChange(files, config, priceBook, 2_000_000);
  const plannedTokens = plan.units.reduce((sum, unit) => sum + unit.estimatedInputTokens, 0);

  let naiveTokens = 0;
  let naiveCost = 0;
  let ruleTokens = 0;
  let ruleCost = 0;
  for (const file of files) {
    if (file.hunks.length === 0) continue;
    const tokens = tokensOf(patchText(file)) + 200;
    naiveTokens += tokens;
    naiveCost += worstCaseCost(tierPrice('deep'), tokens, 2000, { cacheWrites: 'none' });
    const lines = file.additions + file.deletions;
    if (ruleSkip.test(file.path) || lines < 5 || lines > 500) continue;
    const tier = lines <= 50 ? 'fast' : lines <= 200 ? 'balanced' : 'deep';
    ruleTokens += tokens;
    ruleCost += worstCaseCost(tierPrice(tier), tokens, 2000, { cacheWrites: 'none' });
  }
  const megabytes = Buffer.byteLength(text) / 2 ** 20;
  console.log(
    [
      entry.name.padEnd(15),
      entry.size.padEnd(7),
      String(files.length).padStart(6),
      megabytes.toFixed(1).padStart(5),
      `${seconds.toFixed(2)} s`.padStart(11),
      (files.length / seconds).toFixed(0).padStart(8),
      (megabytes / seconds).toFixed(1).padStart(6),
      rss.toFixed(0).padStart(7),
      '|',
      String(plan.units.length).padStart(14),
      String(plannedTokens).padStart(8),
      formatUsd(plan.estimatedCostMicros).padStart(9),
      '|',
      String(naiveTokens).padStart(13),
      formatUsd(naiveCost).padStart(9),
      '|',
      String(ruleTokens).padStart(12),
      formatUsd(ruleCost).padStart(9),
      '|',
      (naiveCost / Math.max(1, plan.estimatedCostMicros)).toFixed(1).padStart(6),
      (ruleCost / Math.max(1, plan.estimatedCostMicros)).toFixed(1).padStart(5),
      '|',
      String(budgeted.units.length).padStart(16),
      String(budgeted.leftOut.length).padStart(8),
      formatUsd(budgeted.estimatedCostMicros).padStart(7),
    ].join(' '),
  );
}
