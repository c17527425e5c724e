import { describeRefusal } from '../../budget/index.ts';
import type { Meter } from '../../llm/meter/index.ts';
import type { Finding } from '../finding.ts';
import type { UnitWork } from '../plan/plan-review.ts';
import type { FileScore } from '../review-plan.ts';
import { type ValidationCounts, validateUnitFindings } from '../validate/index.ts';
import { modelFindingsSchema } from './model-findings-schema.ts';

export interface RunUnitsOptions {
  meter: Meter;
  work: readonly UnitWork[];
  system: string;
  scores: ReadonlyMap<string, FileScore>;
  scope: { repo?: string; pr?: number; run: string };
  concurrency: number;
  maxFindingsPerUnit: number;
  signal?: AbortSignal;
}

export interface RunUnitsResult {
  findings: Finding[];
  counts: ValidationCounts & { malformed: number };
  spentMicros: number;
  incomplete: { unitId: string; paths: string[]; reason: string }[];
  /** Units whose request was answered. */
  completed: Set<string>;
}

/**
 * Reviews each unit with one metered call, at most `concurrency` at a time, riskiest first. A refusal
 * or failure leaves that unit incomplete (with the reason) and the others go on.
 */
export async function runUnits(options: RunUnitsOptions): Promise<RunUnitsResult> {
  const result: RunUnitsResult = {
    findings: [],
    counts: { notOnChangedLines: 0, duplicates: 0, overLimit: 0, malformed: 0 },
    spentMicros: 0,
    incomplete: [],
    completed: new Set(),
  };
  let next = 0;
  const worker = async () => {
    while (next < options.work.length) {
      const item = options.work[next++]!;
      if (options.signal?.aborted === true) {
        result.incomplete.push({ unitId: item.unit.id, paths: item.unit.paths, reason: 'cancelled' });
        continue;
      }
      const answer = await options.meter.call({
        purpose: `review:${item.unit.level}`,
        scope: { agent: 'review', ...options.scope },
        tier: item.unit.tier,
        maxOutputTokens: item.unit.maxOutputTokens,
        system: options.system,
        messages: [{ role: 'user', content: item.prompt }],
        schema: modelFindingsSchema,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      if (answer.outcome === 'ok') {
        result.completed.add(item.unit.id);
        result.spentMicros += answer.costMicros;
        const validated = validateUnitFindings(
          answer.output?.findings ?? [],
          item.files,
          options.scores,
          answer.model,
          options.maxFindingsPerUnit,
        );
        result.findings.push(...validated.findings);
        result.counts.notOnChangedLines += validated.counts.notOnChangedLines;
        result.counts.duplicates += validated.counts.duplicates;
        result.counts.overLimit += validated.counts.overLimit;
      } else if (answer.outcome === 'refused') {
        result.incomplete.push({
          unitId: item.unit.id,
          paths: item.unit.paths,
          reason: describeRefusal(answer.refusal),
        });
      } else {
        if (answer.error.kind === 'bad_response') result.counts.malformed++;
        const reason =
          answer.error.kind === 'bad_response'
            ? 'the model did not answer with valid findings'
            : `${answer.error.kind}: ${answer.error.message}`;
        result.incomplete.push({ unitId: item.unit.id, paths: item.unit.paths, reason });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, options.work.length)) }, worker),
  );
  return result;
}
