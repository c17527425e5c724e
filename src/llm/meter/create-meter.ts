import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createBudgetKeeper, describeRefusal, type LedgerEntry, type Notifier } from '../../budget/index.ts';
import type { StewardConfig } from '../../config/index.ts';
import { ConfigError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import { costOfUsage, type PriceBook, usageConventionOf, worstCaseCost } from '../prices/index.ts';
import { createModelCaller, type FetchFunction, ProviderError, type Sleep } from '../providers/index.ts';
import { countMessageTokens } from '../tokens/index.ts';
import type { Meter, MeterRequest, MeterResult } from './meter-request.ts';
import { keyVariableOf, providerReady } from './provider-readiness.ts';
import { providerSettingsFor } from './provider-settings-for.ts';
import { type Candidate, resolveCandidates } from './resolve-candidates.ts';

export interface MeterOptions {
  config: StewardConfig;
  /** Where provider keys are read (and the variables named by `api_key_env`). */
  env: NodeJS.ProcessEnv;
  db: Kysely<Database>;
  priceBook: PriceBook;
  notify?: Notifier;
  fetch?: FetchFunction;
  sleep?: Sleep;
  now?: () => number;
}

/**
 * The only way Steward calls a model: count → price the worst case → reserve in every scope →
 * call (with retries and the tier's fallbacks) → settle from reported usage → ledger row.
 */
export function createMeter(options: MeterOptions): Meter {
  const { config, priceBook } = options;
  const now = options.now ?? Date.now;
  const keeper = createBudgetKeeper({
    db: options.db,
    config,
    now,
    ...(options.notify === undefined ? {} : { notify: options.notify }),
  });
  const settings = providerSettingsFor(config, options.env);
  const callModel = createModelCaller({
    settings,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  // Fail closed at construction: every model a tier may call must have a price.
  for (const tier of Object.keys(config.tiers)) resolveCandidates({ tier }, config, priceBook);

  async function call<Output>(request: MeterRequest<Output>): Promise<MeterResult<Output>> {
    const resolved = resolveCandidates(request, config, priceBook);
    // A model whose provider has no key is skipped for the next one; with none left, nothing is spent.
    const candidates = resolved.filter((candidate) => providerReady(settings, candidate.provider));
    if (candidates.length === 0) {
      const variables = [...new Set(resolved.map((candidate) => keyVariableOf(candidate.provider, config)))];
      throw new ConfigError(
        variables.map((variable) => ({
          source: variable,
          path: '',
          message: `is not set: no provider can serve ${request.tier ?? request.model}`,
        })),
        `set ${variables.join(' or ')}`,
      );
    }
    const scopes = keeper.scopesFor(request.scope);
    const schemaText =
      request.schema === undefined
        ? ''
        : JSON.stringify(z.toJSONSchema(request.schema, { unrepresentable: 'any' }));
    const ledgerIds: string[] = [];
    let lastError: ProviderError | undefined;

    for (const candidate of candidates) {
      const inputTokens = countInput(candidate, request, schemaText);
      // Steward marks nothing for prompt-cache writes, so input is never billed above the input rate.
      const estimate = worstCaseCost(candidate.price, inputTokens, candidate.maxOutputTokens, {
        cacheWrites: 'none',
      });
      const at = now();
      const base = ledgerBase(
        request,
        candidate,
        scopes.map((scope) => scope.name),
        at,
        inputTokens,
        estimate,
      );
      ledgerIds.push(base.id);
      const reserved = await keeper.reserve(request.scope.agent, scopes, estimate, at);
      if (!reserved.ok) {
        await keeper.recordRefusal({
          ...base,
          outcome: 'refused',
          detail: describeRefusal(reserved.refusal),
        });
        return { outcome: 'refused', refusal: reserved.refusal, ledgerIds };
      }

      const started = performance.now();
      let entry: LedgerEntry = {
        ...base,
        outcome: 'failed',
        actualCostMicros: estimate,
        detail: 'the call ended without a result',
      };
      try {
        const result = await callModel({
          provider: candidate.provider,
          model: candidate.model,
          ...(request.system === undefined ? {} : { system: request.system }),
          messages: request.messages,
          ...(request.schema === undefined ? {} : { schema: request.schema }),
          maxOutputTokens: candidate.maxOutputTokens,
          temperature: candidate.temperature,
          timeoutMs: config.calls.timeout_seconds * 1000,
          maxRetries: config.calls.max_retries,
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
        const usage = result.usage;
        const cost =
          usage === undefined
            ? estimate
            : costOfUsage(candidate.price, usage, usageConventionOf(candidate.provider));
        entry = {
          ...base,
          ...tokensOf(usage),
          actualCostMicros: cost,
          latencyMs: Math.round(performance.now() - started),
          outcome: 'ok',
          detail: usage === undefined ? 'the provider reported no usage: charged the estimate' : null,
        };
        return {
          outcome: 'ok',
          text: result.text,
          ...(result.output === undefined ? {} : { output: result.output }),
          model: candidate.ref,
          usage,
          costMicros: cost,
          ledgerIds,
        };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        lastError = error;
        const usage = error.usage;
        entry = {
          ...base,
          ...tokensOf(usage),
          // Reported usage is billed; an answer lost in flight may have been billed too: charge the worst case.
          actualCostMicros:
            usage !== undefined
              ? costOfUsage(candidate.price, usage, usageConventionOf(candidate.provider))
              : error.mayHaveBeenBilled
                ? estimate
                : 0,
          latencyMs: Math.round(performance.now() - started),
          outcome: error.kind === 'cancelled' ? 'cancelled' : 'failed',
          detail: `${error.kind}: ${error.message}`,
        };
        if (!error.fallbackWorthwhile) break;
      } finally {
        await keeper.settle(reserved.reservation, entry);
      }
    }
    const error = lastError!;
    return { outcome: error.kind === 'cancelled' ? 'cancelled' : 'failed', error, ledgerIds };
  }

  return { call };
}

function countInput(candidate: Candidate, request: MeterRequest<unknown>, schemaText: string): number {
  const messages = [
    ...(request.system === undefined ? [] : [{ role: 'system', content: request.system }]),
    ...request.messages,
    ...(schemaText === '' ? [] : [{ role: 'system', content: schemaText }]),
  ];
  return countMessageTokens(messages, { provider: candidate.provider, model: candidate.model }).tokens;
}

function tokensOf(
  usage:
    | { inputTokens: number; cachedInputTokens: number; cacheWriteTokens: number; outputTokens: number }
    | undefined,
) {
  return usage === undefined
    ? {}
    : {
        inputTokens: usage.inputTokens,
        cachedInputTokens: usage.cachedInputTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        outputTokens: usage.outputTokens,
      };
}

function ledgerBase(
  request: MeterRequest<unknown>,
  candidate: Candidate,
  scopes: string[],
  at: number,
  inputTokens: number,
  estimate: number,
): Omit<LedgerEntry, 'outcome' | 'detail'> {
  return {
    id: randomUUID(),
    at,
    purpose: request.purpose,
    agent: request.scope.agent,
    runId: request.scope.run ?? null,
    repo: request.scope.repo ?? null,
    scopes,
    provider: candidate.provider,
    model: candidate.model,
    estimatedInputTokens: inputTokens,
    maxOutputTokens: candidate.maxOutputTokens,
    inputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    outputTokens: null,
    estimatedCostMicros: estimate,
    actualCostMicros: 0,
    latencyMs: null,
  };
}
