import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BudgetEvent,
  createBudgetKeeper,
  type Reservation,
  spendFromCounters,
  spendFromLedger,
} from '../../src/budget/index.ts';
import { configFrom, ledgerEntry, manualClock } from '../support/budget-fixtures.ts';
import { forEachDatabase } from '../support/databases.ts';

const start = Date.parse('2026-11-25T10:00:00Z');
const config = configFrom(`
teams:
  platform:
    repos: [acme/*]
budgets:
  timezone: Europe/Berlin
  lease_seconds: 60
  org:
    daily_usd: 1
    monthly_usd: 20
  teams:
    platform:
      monthly_usd: 10
  per_pr:
    lifetime_usd: 0.5
  kill_switch:
    enabled: false
`);

forEachDatabase('budget keeper', (database) => {
  const setup = async (yaml?: string) => {
    const store = await database.open();
    const clock = manualClock(start);
    const events: BudgetEvent[] = [];
    const keeper = createBudgetKeeper({
      db: store.db,
      config: yaml === undefined ? config : configFrom(yaml),
      now: clock.now,
      notify: async (event) => {
        events.push(event);
      },
    });
    return { store, clock, events, keeper };
  };
  const callOf = (keeper: ReturnType<typeof createBudgetKeeper>, pr = 7) =>
    keeper.scopesFor({ agent: 'review', repo: 'acme/api', pr, run: `run-${pr}` });

  test('scopes follow from the call: org, agent, team by glob, repo, PR and run', async () => {
    const { keeper } = await setup();
    assert.deepEqual(
      callOf(keeper).map((scope) => scope.name),
      ['org', 'agent:review', 'team:platform', 'repo:acme/api', 'pr:acme/api#7', 'run:run-7'],
    );
  });

  test('a reservation over a limit is refused, naming the scope, its limit, spent and reserved', async () => {
    const { keeper } = await setup();
    const scopes = callOf(keeper);
    const first = await keeper.reserve('review', scopes, 300_000, start);
    assert.ok(first.ok);
    const second = await keeper.reserve('review', scopes, 300_000, start);
    assert.deepEqual(second, {
      ok: false,
      refusal: {
        kind: 'limit',
        scope: 'pr:acme/api#7',
        window: 'lifetime',
        limitMicros: 500_000,
        spentMicros: 0,
        reservedMicros: 300_000,
        requestedMicros: 300_000,
      },
    });
    // A refused reservation holds nothing anywhere: another PR still fits under the org's day limit.
    assert.ok((await keeper.reserve('review', callOf(keeper, 8), 300_000, start)).ok);
  });

  test('settling replaces the reservation by the actual cost, and counters equal the ledger', async () => {
    const { keeper, store } = await setup();
    const scopes = callOf(keeper);
    const reserved = await keeper.reserve('review', scopes, 400_000, start);
    assert.ok(reserved.ok);
    await keeper.settle(
      reserved.reservation,
      ledgerEntry({ at: start, scopes: scopes.map((scope) => scope.name), actualCostMicros: 123_456 }),
    );
    const status = await keeper.status();
    const pr = status.find((line) => line.scope === 'pr:acme/api#7');
    assert.deepEqual(
      pr && { spent: pr.spentMicros, reserved: pr.reservedMicros, remaining: pr.remainingMicros },
      {
        spent: 123_456,
        reserved: 0,
        remaining: 376_544,
      },
    );
    const orgDay = status.find((line) => line.scope === 'org' && line.window === 'day:2026-11-25');
    assert.equal(orgDay?.resetsAt, Date.parse('2026-11-26T00:00:00+01:00'));
    assert.deepEqual(await spendFromCounters(store.db), await spendFromLedger(store.db, 'Europe/Berlin'));
    const reservations = await store.db.selectFrom('budget_reservations').selectAll().execute();
    assert.deepEqual(reservations, []);
  });

  test('concurrent callers cannot together pass a limit, and leave nothing reserved', async () => {
    const { keeper, store } = await setup(`
budgets:
  org:
    daily_usd: 3
  kill_switch:
    enabled: false
`);
    const scopes = keeper.scopesFor({ agent: 'review' });
    // Each call reserves 0.1 and costs 0.09 to 0.1: about 30 fit under the limit.
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const result = await keeper.reserve('review', scopes, 100_000, start);
        const entry = ledgerEntry({
          at: start,
          scopes: scopes.map((scope) => scope.name),
          actualCostMicros: 90_000 + (index % 10) * 1000,
        });
        if (!result.ok) {
          await keeper.recordRefusal({ ...entry, actualCostMicros: 0, outcome: 'refused' });
          return 'refused';
        }
        await keeper.settle(result.reservation, entry);
        return 'ok';
      }),
    );
    const made = outcomes.filter((outcome) => outcome === 'ok').length;
    assert.ok(made >= 30 && made < 50, `calls made: ${made}`);
    const [line] = await keeper.status();
    assert.ok(line !== undefined && line.spentMicros <= 3_000_000, `spent ${line?.spentMicros}`);
    assert.equal(line.reservedMicros, 0);
    const rows = await store.db.selectFrom('ledger_entries').select(['outcome']).execute();
    assert.equal(rows.length, 50);
    assert.equal(rows.filter((row) => row.outcome === 'ok').length, made);
  });

  test('an abandoned reservation expires with its lease and is reclaimed', async () => {
    const { keeper, clock } = await setup();
    const scopes = callOf(keeper);
    const abandoned = await keeper.reserve('review', scopes, 500_000, start);
    assert.ok(abandoned.ok);
    assert.equal((await keeper.reserve('review', scopes, 1, start)).ok, false);
    clock.advance(59_000);
    assert.equal(await keeper.reclaimExpired(), 0, 'the lease is still alive');
    clock.advance(2_000);
    assert.ok(
      (await keeper.reserve('review', scopes, 500_000, start)).ok,
      'the lease expired: its money is free again',
    );
  });

  test('a call settled after its lease was reclaimed is still charged, and nothing goes negative', async () => {
    const { keeper, clock } = await setup();
    const scopes = callOf(keeper);
    const slow = await keeper.reserve('review', scopes, 200_000, start);
    assert.ok(slow.ok);
    clock.advance(61_000);
    assert.equal(await keeper.reclaimExpired(), 1);
    await keeper.settle(
      slow.reservation as Reservation,
      ledgerEntry({ at: start, scopes: scopes.map((scope) => scope.name), actualCostMicros: 150_000 }),
    );
    const pr = (await keeper.status()).find((line) => line.scope === 'pr:acme/api#7');
    assert.equal(pr?.spentMicros, 150_000);
    assert.equal(pr?.reservedMicros, 0);
  });

  test('each threshold alerts once per scope and window, also under concurrency, and again in the next window', async () => {
    const { keeper, events, clock } = await setup(`
budgets:
  org:
    daily_usd: 1
  alerts:
    thresholds: [0.5, 0.8, 1]
  kill_switch:
    enabled: false
`);
    const scopes = keeper.scopesFor({ agent: 'review' });
    const spend = async (at: number, micros: number) => {
      const result = await keeper.reserve('review', scopes, micros, at);
      if (result.ok)
        await keeper.settle(
          result.reservation,
          ledgerEntry({ at, scopes: ['org', 'agent:review'], actualCostMicros: micros }),
        );
      return result.ok;
    };
    await Promise.all(Array.from({ length: 20 }, () => spend(start, 45_000)));
    const crossed = events.map((event) =>
      event.type === 'budget-threshold-crossed' ? `${event.window} ${event.threshold}` : event.type,
    );
    assert.deepEqual(crossed.sort(), ['day:2026-11-25 0.5', 'day:2026-11-25 0.8']);
    // The limit refuses the next call: the 100% threshold fires, once.
    assert.equal(await spend(start, 200_000), false);
    assert.equal(await spend(start, 200_000), false);
    assert.deepEqual(
      events
        .slice(2)
        .map((event) => event.type === 'budget-threshold-crossed' && [event.threshold, event.refused]),
      [[1, true]],
    );
    // Tomorrow is a new window.
    clock.advance(86_400_000);
    await spend(start + 86_400_000, 600_000);
    assert.deepEqual(
      events
        .slice(3)
        .map((event) => event.type === 'budget-threshold-crossed' && `${event.window} ${event.threshold}`),
      ['day:2026-11-26 0.5'],
    );
  });

  test('the kill switch pauses an agent whose spend runs far above normal, until resumed', async () => {
    const { keeper, events, clock } = await setup(`
budgets:
  kill_switch:
    velocity_multiple: 4
    min_hourly_usd: 0.1
`);
    const scopes = keeper.scopesFor({ agent: 'incidents' });
    const spend = async (micros: number) => {
      const result = await keeper.reserve('incidents', scopes, micros, clock.now());
      if (!result.ok) return result.refusal;
      await keeper.settle(
        result.reservation,
        ledgerEntry({
          at: clock.now(),
          agent: 'incidents',
          scopes: ['org', 'agent:incidents'],
          actualCostMicros: micros,
        }),
      );
      return 'ok';
    };
    // A day of normal use: 0.2 USD an hour.
    for (let hour = 0; hour < 24; hour++) {
      assert.equal(await spend(200_000), 'ok');
      clock.advance(3_600_000);
    }
    assert.equal(events.length, 0);
    // Then 0.25 USD every minute.
    let refusal: unknown;
    for (let minute = 0; minute < 10 && refusal === undefined; minute++) {
      const result = await spend(250_000);
      if (result !== 'ok') refusal = result;
      clock.advance(60_000);
    }
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'agent-paused');
    assert.deepEqual(refusal && typeof refusal === 'object' && 'kind' in refusal && refusal.kind, 'paused');
    assert.equal(await keeper.resume('incidents'), true);
    assert.equal(await keeper.resume('incidents'), false);
    // Other agents were never paused.
    assert.ok((await keeper.reserve('review', keeper.scopesFor({ agent: 'review' }), 1000, clock.now())).ok);
  });
});
