import type { FinishReason } from 'ai';
import type { ZodType } from 'zod';
import type { ProviderName } from './create-language-model.ts';
import type { ModelUsage, UsageCounting } from './model-usage.ts';

export interface ModelMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** One model call, fully specified: nothing is left to provider defaults that cost money. */
export interface ModelRequest<Output = unknown> {
  provider: ProviderName;
  model: string;
  system?: string;
  messages: ModelMessage[];
  /** When given, the model is asked for JSON of this shape and the answer is parsed and validated. */
  schema?: ZodType<Output>;
  /** Always sent: the worst case the caller priced. A positive integer. */
  maxOutputTokens: number;
  temperature?: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Aborting it stops the call at once; it is reported as `cancelled` and never retried. */
  signal?: AbortSignal;
  /** Retries after 408, 409, 429 and 5xx answers; 0 for a single attempt. */
  maxRetries: number;
}

export interface ModelResult<Output = unknown> {
  text: string;
  /** The parsed, schema-validated output; set exactly when the request had a schema. */
  output?: Output;
  /**
   * As the provider reported it (see ModelUsage for the two ways of counting cached input).
   * Undefined when the provider reported no usage: never read that as zero.
   */
  usage: ModelUsage | undefined;
  usageCounting: UsageCounting;
  /** The provider's request id (`x-request-id` / `request-id` header), else the response id. */
  providerRequestId?: string;
  finishReason: FinishReason;
  /** Attempts made, the successful one included. */
  attempts: number;
  /** What the provider adapter changed or ignored (e.g. an unsupported temperature), for logging. */
  warnings: string[];
}

export type CallModel = <Output = unknown>(request: ModelRequest<Output>) => Promise<ModelResult<Output>>;
