import { ExitCode, StewardError } from '../errors/index.ts';
import { formatUsd as usd } from '../money/index.ts';

/** Why a call was not made. A refusal is an expected outcome that callers handle, not a crash. */
export type BudgetRefusal =
  | {
      kind: 'limit';
      scope: string;
      window: string;
      limitMicros: number;
      spentMicros: number;
      reservedMicros: number;
      requestedMicros: number;
    }
  | { kind: 'paused'; agent: string; reason: string };

/** One line that says which scope refused and by how much. */
export function describeRefusal(refusal: BudgetRefusal): string {
  if (refusal.kind === 'paused') {
    return `agent ${refusal.agent} is paused by the spend kill switch (${refusal.reason}); run \`steward budget resume ${refusal.agent}\``;
  }
  return (
    `budget ${refusal.scope} (${refusal.window}) refused a call of up to ${usd(refusal.requestedMicros)}: ` +
    `limit ${usd(refusal.limitMicros)}, spent ${usd(refusal.spentMicros)}, reserved ${usd(refusal.reservedMicros)}`
  );
}

/** A refusal surfaced to the CLI: exit code 3. */
export class BudgetRefusedError extends StewardError {
  override readonly exitCode = ExitCode.budgetRefused;
  readonly refusal: BudgetRefusal;

  constructor(refusal: BudgetRefusal) {
    super(describeRefusal(refusal), {
      hint:
        refusal.kind === 'paused'
          ? `steward budget resume ${refusal.agent}`
          : 'see `steward budget status`; raise the limit in .steward.yml or wait for the window to reset',
    });
    this.refusal = refusal;
  }
}
