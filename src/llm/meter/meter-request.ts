import type { ZodType } from 'zod';
import type { BudgetRefusal, ScopeContext } from '../../budget/index.ts';
import type { ModelMessage, ModelUsage, ProviderError } from '../providers/index.ts';

/** One metered model call. Agents name a tier; a model may be named directly (with its own cap). */
export interface MeterRequest<Output = unknown> {
  /** What the call is for, recorded in the ledger (e.g. `review:file`, `incidents:triage`). */
  purpose: string;
  /** Who pays: the agent and the repository, PR, incident and run it works for. */
  scope: ScopeContext;
  tier?: string;
  /** `provider:model`, instead of a tier. */
  model?: string;
  system?: string;
  messages: ModelMessage[];
  schema?: ZodType<Output>;
  /** Lowers the tier's output cap for this call; required with `model`. */
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface MeterSuccess<Output> {
  outcome: 'ok';
  text: string;
  output?: Output;
  /** `provider:model` that answered (a fallback, when the first failed). */
  model: string;
  usage: ModelUsage | undefined;
  costMicros: number;
  /** Ledger rows written for this request, one per model tried. */
  ledgerIds: string[];
}

export type MeterResult<Output = unknown> =
  | MeterSuccess<Output>
  | { outcome: 'refused'; refusal: BudgetRefusal; ledgerIds: string[] }
  | { outcome: 'failed' | 'cancelled'; error: ProviderError; ledgerIds: string[] };

/** Makes metered model calls: priced, reserved, called, settled, recorded. */
export interface Meter {
  call<Output = unknown>(request: MeterRequest<Output>): Promise<MeterResult<Output>>;
}
