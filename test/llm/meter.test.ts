import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { z } from 'zod';
import { createMeter } from '../../src/llm/meter/index.ts';
import { createPriceBook, UnknownPriceError } from '../../src/llm/prices/index.ts';
import { configFrom } from '../support/budget-fixtures.ts';
import { forEachDatabase } from '../support/databases.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { meterConfigYaml, meterFor, testKeys } from '../support/meter-fixtures.ts';

let server: FakeLlmServer;
before(async () => {
  server = await startFakeLlmServer();
});
after(() => server.close());
beforeEach(() => server.reset());

const review = { agent: 'review' as const, repo: 'acme/api', pr: 12, run: 'run-1' };
const messages = [{ role: 'user' as const, content: 'Review this hunk:\n+const x = eval(input);' }];

forEachDatabase('meter', (database) => {
  test('prices, calls and settles a tier call: request pinned, cost from reported usage, one ledger row', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server);
    server.enqueue({ kind: 'ok', text: 'looks fine', usage: { input: 10_000, cached: 4_000, output: 500 } });
    const result = await meter.call({
      purpose: 'review:file',
      scope: review,
      tier: 'fast',
      system: 'You review code.',
      messages,
    });
    assert.equal(result.outcome, 'ok');
    assert.ok(result.outcome === 'ok');
    assert.equal(result.text, 'looks fine');
    assert.equal(result.model, 'openai:gpt-4.1-mini');
    // gpt-4.1-mini: 6,000 uncached × $0.40 + 4,000 cached × $0.10 + 500 output × $1.60 per 1M tokens.
    assert.equal(result.costMicros, 3_600);

    assert.equal(server.requests.length, 1);
    const body = server.requests[0]!.body as Record<string, unknown>;
    assert.equal(server.requests[0]!.path, '/v1/chat/completions');
    assert.equal(body.model, 'gpt-4.1-mini');
    assert.equal(body.max_tokens, 2048, 'the tier cap is always sent: it is the worst case priced');
    assert.equal(body.temperature, 0);
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'You review code.' },
      { role: 'user', content: 'Review this hunk:\n+const x = eval(input);' },
    ]);

    const rows = await store.db.selectFrom('ledger_entries').selectAll().execute();
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.deepEqual(
      { ...row, id: undefined, at_ms: undefined, latency_ms: undefined, estimated_input_tokens: undefined },
      {
        id: undefined,
        at_ms: undefined,
        latency_ms: undefined,
        estimated_input_tokens: undefined,
        purpose: 'review:file',
        agent: 'review',
        run_id: 'run-1',
        repo: 'acme/api',
        scopes: JSON.stringify(['org', 'agent:review', 'repo:acme/api', 'pr:acme/api#12', 'run:run-1']),
        provider: 'openai',
        model: 'gpt-4.1-mini',
        max_output_tokens: 2048,
        input_tokens: 10_000,
        cached_input_tokens: 4_000,
        cache_write_tokens: 0,
        output_tokens: 500,
        // The reservation: the counted input at the input price plus the whole output cap at the output price.
        estimated_cost_micros: Math.ceil(
          ((row.estimated_input_tokens * 0.4 + 2048 * 1.6) / 1_000_000) * 1_000_000,
        ),
        actual_cost_micros: 3_600,
        outcome: 'ok',
        detail: null,
      },
    );
    assert.ok(
      row.estimated_input_tokens > 20 && row.estimated_input_tokens < 60,
      `estimated ${row.estimated_input_tokens}`,
    );
    assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
  });

  test('Anthropic usage: cache reads and writes on top of input, each at its own price', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server);
    server.enqueue({
      kind: 'ok',
      text: '{"findings":[]}',
      usage: { input: 2_000, cached: 10_000, cacheWrite: 1_000, output: 300 },
    });
    const schema = z.object({ findings: z.array(z.object({ line: z.number(), message: z.string() })) });
    const result = await meter.call({
      purpose: 'review:file',
      scope: review,
      tier: 'deep',
      messages,
      schema,
    });
    assert.ok(result.outcome === 'ok');
    assert.deepEqual(result.output, { findings: [] });
    // claude-sonnet-4-5: 2,000 × $3 + 10,000 × $0.30 + 1,000 × $3.75 + 300 × $15 per 1M tokens.
    assert.equal(result.costMicros, 6_000 + 3_000 + 3_750 + 4_500);
    const body = server.requests[0]!.body as Record<string, unknown>;
    assert.equal(server.requests[0]!.path, '/v1/messages');
    assert.equal(body.max_tokens, 8192);
    const [row] = await store.db.selectFrom('ledger_entries').selectAll().execute();
    assert.equal(row?.provider, 'anthropic');
    assert.equal(row?.cache_write_tokens, 1_000);
  });

  test('an OpenAI-compatible endpoint with a configured price works like any provider', async () => {
    const store = await database.open();
    const { meter } = meterFor(
      store.db,
      server,
      `tiers:\n  fast:\n    model: local:llama3.1\n    max_output_tokens: 256\nprices:\n  local:llama3.1:\n    input_usd_per_mtok: 0.05\n    output_usd_per_mtok: 0.1\n`,
      undefined,
      `  compatible:\n    local:\n      base_url: ${server.baseURL}\n`,
    );
    server.enqueue({ kind: 'ok', text: 'local answer', usage: { input: 100_000, output: 10_000 } });
    const result = await meter.call({
      purpose: 'learning:note',
      scope: { agent: 'learning' },
      tier: 'fast',
      messages,
    });
    assert.ok(result.outcome === 'ok');
    assert.equal(result.model, 'local:llama3.1');
    assert.equal(result.costMicros, 5_000 + 1_000);
    assert.equal((server.requests[0]!.body as { model: string }).model, 'llama3.1');
    const [row] = await store.db
      .selectFrom('ledger_entries')
      .select(['provider', 'estimated_input_tokens'])
      .execute();
    assert.equal(row?.provider, 'local');
    // Not an OpenAI model: the count is an estimate, at least the o200k count (about 20 tokens here).
    assert.ok((row?.estimated_input_tokens ?? 0) >= 20);
  });

  test('a model whose provider has no key is skipped for the next; with none, nothing is reserved or called', async () => {
    const store = await database.open();
    const config = configFrom(meterConfigYaml(server));
    const onlyAnthropic = createMeter({
      config,
      env: { ANTHROPIC_API_KEY: 'sk-ant-test' },
      db: store.db,
      priceBook: createPriceBook(),
    });
    server.enqueue({ kind: 'ok', text: 'from anthropic', usage: { input: 10, output: 5 } });
    const result = await onlyAnthropic.call({ purpose: 'test', scope: review, tier: 'fast', messages });
    assert.ok(result.outcome === 'ok');
    assert.equal(result.model, 'anthropic:claude-haiku-4-5');
    assert.equal(result.ledgerIds.length, 1);

    const noKeys = createMeter({ config, env: {}, db: store.db, priceBook: createPriceBook() });
    await assert.rejects(
      noKeys.call({ purpose: 'test', scope: review, tier: 'fast', messages }),
      /OPENAI_API_KEY: is not set/,
    );
    assert.equal(server.requests.length, 1);
    assert.equal((await store.db.selectFrom('ledger_entries').selectAll().execute()).length, 1);
    assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
  });

  test('a call the budget cannot cover is refused before any request, and recorded', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server, 'budgets:\n  per_pr:\n    lifetime_usd: 0.001\n');
    const result = await meter.call({ purpose: 'review:file', scope: review, tier: 'fast', messages });
    assert.equal(result.outcome, 'refused');
    assert.ok(result.outcome === 'refused' && result.refusal.kind === 'limit');
    assert.equal(result.refusal.scope, 'pr:acme/api#12');
    assert.equal(server.requests.length, 0);
    const rows = await store.db
      .selectFrom('ledger_entries')
      .select(['outcome', 'actual_cost_micros', 'detail'])
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.outcome, 'refused');
    assert.equal(rows[0]?.actual_cost_micros, 0);
    assert.match(
      rows[0]?.detail ?? '',
      /^budget pr:acme\/api#12 \(lifetime\) refused a call of up to \$0\.003\d+: limit \$0\.001, spent \$0\.00, reserved \$0\.00$/,
    );
  });

  test('a model without a price is never called: refused at construction and per call', async () => {
    const store = await database.open();
    const config = configFrom(meterConfigYaml(server));
    const unpricedTier = configFrom(
      `${meterConfigYaml(server)}tiers:\n  fast:\n    model: openai:gpt-9-ultra\n    max_output_tokens: 100\n`,
    );
    assert.throws(
      () => createMeter({ config: unpricedTier, env: testKeys, db: store.db, priceBook: createPriceBook() }),
      (error: unknown) =>
        error instanceof UnknownPriceError && /no price for model "openai:gpt-9-ultra"/.test(error.message),
    );
    const meter = createMeter({ config, env: testKeys, db: store.db, priceBook: createPriceBook() });
    await assert.rejects(
      meter.call({
        purpose: 'test',
        scope: review,
        model: 'openai:gpt-9-ultra',
        maxOutputTokens: 10,
        messages,
      }),
      UnknownPriceError,
    );
    assert.equal(server.requests.length, 0);
  });

  test('on failure the tier falls back: each model tried is a ledger row, the failed one released', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server);
    server.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    server.enqueue({ kind: 'ok', text: 'from the fallback', usage: { input: 1_000, output: 100 } });
    const result = await meter.call({ purpose: 'review:file', scope: review, tier: 'fast', messages });
    assert.ok(result.outcome === 'ok');
    assert.equal(result.model, 'anthropic:claude-haiku-4-5');
    assert.equal(result.ledgerIds.length, 2);
    const rows = await store.db
      .selectFrom('ledger_entries')
      .select(['model', 'outcome', 'actual_cost_micros'])
      .orderBy('at_ms')
      .execute();
    assert.deepEqual(rows.map((row) => [row.model, row.outcome, row.actual_cost_micros]).sort(), [
      ['claude-haiku-4-5', 'ok', 1_000 + 500],
      ['gpt-4.1-mini', 'failed', 0],
    ]);
    assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
  });

  test('cancellation stops the call, tries no fallback, and releases the reservation', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server, 'budgets:\n  org:\n    daily_usd: 1\n');
    server.enqueue({ kind: 'slow', delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await meter.call({
      purpose: 'review:file',
      scope: review,
      tier: 'fast',
      messages,
      signal: controller.signal,
    });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(server.requests.length, 1);
    const rows = await store.db.selectFrom('ledger_entries').select(['outcome']).execute();
    assert.deepEqual(rows, [{ outcome: 'cancelled' }]);
    const counters = await store.db
      .selectFrom('budget_counters')
      .select(['reserved_micros'])
      .where('scope', '=', 'org')
      .execute();
    assert.ok(counters.every((counter) => counter.reserved_micros === 0));
  });

  test('a provider that reports no usage is charged the reserved worst case, never zero', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server);
    server.enqueue({ kind: 'ok', text: 'no usage here', usage: null });
    const result = await meter.call({ purpose: 'review:file', scope: review, tier: 'fast', messages });
    assert.ok(result.outcome === 'ok');
    const [row] = await store.db.selectFrom('ledger_entries').selectAll().execute();
    assert.equal(row?.actual_cost_micros, row?.estimated_cost_micros);
    assert.ok((row?.actual_cost_micros ?? 0) > 0);
    assert.equal(row?.detail, 'the provider reported no usage: charged the estimate');
  });

  test('50 concurrent calls against a limit that fits about 30: settled total within the limit', async () => {
    const store = await database.open();
    const { meter } = meterFor(store.db, server, 'budgets:\n  org:\n    daily_usd: 0.1\n');
    server.enqueue(
      ...Array.from({ length: 50 }, () => ({
        kind: 'ok' as const,
        text: 'ok',
        usage: { input: 1_000, output: 1_500 },
      })),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        meter.call({ purpose: 'review:file', scope: { agent: 'review' }, tier: 'fast', messages }),
      ),
    );
    const made = results.filter((result) => result.outcome === 'ok').length;
    const rows = await store.db
      .selectFrom('ledger_entries')
      .select(['outcome', 'actual_cost_micros'])
      .execute();
    const settled = rows.reduce((sum, row) => sum + row.actual_cost_micros, 0);
    assert.ok(settled <= 100_000, `settled ${settled}`);
    assert.ok(made >= 25 && made < 50, `made ${made}`);
    assert.equal(server.requests.length, made);
    assert.equal(rows.length, 50);
    assert.equal(rows.filter((row) => row.outcome === 'ok').length, made);
    assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
    const counters = await store.db.selectFrom('budget_counters').select(['reserved_micros']).execute();
    assert.ok(counters.every((counter) => counter.reserved_micros === 0));
  });
});
