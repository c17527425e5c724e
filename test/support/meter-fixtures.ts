import type { Kysely } from 'kysely';
import type { BudgetEvent } from '../../src/budget/index.ts';
import { createMeter, type Meter } from '../../src/llm/meter/index.ts';
import { createPriceBook } from '../../src/llm/prices/index.ts';
import type { Database } from '../../src/store/index.ts';
import { configFrom } from './budget-fixtures.ts';
import type { FakeLlmServer } from './fake-llm-server.ts';

/** Configuration that points both providers at the fake server, with `extra` YAML appended. */
export function meterConfigYaml(server: FakeLlmServer, extra = '', extraProviders = ''): string {
  return `
providers:
  openai:
    base_url: ${server.baseURL}
  anthropic:
    base_url: ${server.baseURL}
${extraProviders}calls:
  timeout_seconds: 5
  max_retries: 1
${extra}`;
}

export const testKeys = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };

/** A meter over `db` talking to `server`; retries do not wait. Budget events are collected. */
export function meterFor(
  db: Kysely<Database>,
  server: FakeLlmServer,
  extraYaml = '',
  now?: () => number,
  extraProviders = '',
): { meter: Meter; events: BudgetEvent[] } {
  const config = configFrom(meterConfigYaml(server, extraYaml, extraProviders));
  const events: BudgetEvent[] = [];
  const meter = createMeter({
    config,
    env: testKeys,
    db,
    priceBook: createPriceBook(config.prices),
    sleep: async () => {},
    notify: async (event) => {
      events.push(event);
    },
    ...(now === undefined ? {} : { now }),
  });
  return { meter, events };
}
