import { formatUsd as usd } from '../money/index.ts';

/** What the budget feature tells people about. Persisted to webhooks as JSON: add fields, never rename. */
export type BudgetEvent =
  | {
      type: 'budget-threshold-crossed';
      scope: string;
      window: string;
      /** Fraction of the limit, e.g. 0.8. */
      threshold: number;
      spentMicros: number;
      limitMicros: number;
      /** True when the threshold fired because a call was refused at the limit. */
      refused: boolean;
      at: number;
    }
  | { type: 'agent-paused'; agent: string; reason: string; lastHourMicros: number; at: number };

/** One human line for logs and Slack. */
export function describeBudgetEvent(event: BudgetEvent): string {
  if (event.type === 'agent-paused') {
    return `Steward paused agent ${event.agent}: ${event.reason}. Resume with \`steward budget resume ${event.agent}\`.`;
  }
  const percent = Math.round(event.threshold * 100);
  const cause = event.refused ? ' (a call was refused at the limit)' : '';
  return `Steward budget ${event.scope} reached ${percent}% of its ${event.window} limit: ${usd(event.spentMicros)} of ${usd(event.limitMicros)}${cause}.`;
}
