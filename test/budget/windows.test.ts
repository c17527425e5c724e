import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowEnd, windowKey } from '../../src/budget/index.ts';

test('day and month windows follow the configured time zone', () => {
  const lateEvening = Date.parse('2026-11-30T23:30:00Z');
  assert.equal(windowKey('day', lateEvening, 'UTC'), 'day:2026-11-30');
  assert.equal(windowKey('month', lateEvening, 'UTC'), 'month:2026-11');
  // 00:30 on 1 December in Berlin.
  assert.equal(windowKey('day', lateEvening, 'Europe/Berlin'), 'day:2026-12-01');
  assert.equal(windowKey('month', lateEvening, 'Europe/Berlin'), 'month:2026-12');
  // 18:30 on 30 November in New York.
  assert.equal(windowKey('day', lateEvening, 'America/New_York'), 'day:2026-11-30');
  assert.equal(windowKey('lifetime', lateEvening, 'Asia/Tokyo'), 'lifetime');
});

test('windows roll over exactly at local midnight and at the start of the month', () => {
  const midnightBerlin = Date.parse('2026-12-01T00:00:00+01:00');
  assert.equal(windowKey('day', midnightBerlin - 1, 'Europe/Berlin'), 'day:2026-11-30');
  assert.equal(windowKey('day', midnightBerlin, 'Europe/Berlin'), 'day:2026-12-01');
  assert.equal(windowKey('month', midnightBerlin - 1, 'Europe/Berlin'), 'month:2026-11');
  assert.equal(windowKey('month', midnightBerlin, 'Europe/Berlin'), 'month:2026-12');
  assert.equal(windowEnd('day', midnightBerlin - 1, 'Europe/Berlin'), midnightBerlin);
  assert.equal(windowEnd('month', Date.parse('2026-11-15T12:00:00Z'), 'Europe/Berlin'), midnightBerlin);
  assert.equal(windowEnd('lifetime', midnightBerlin, 'Europe/Berlin'), undefined);
});

test('window ends are right across daylight-saving changes', () => {
  // New York leaves DST on 1 November 2026: that day has 25 hours.
  const morning = Date.parse('2026-11-01T09:00:00-05:00');
  assert.equal(windowEnd('day', morning, 'America/New_York'), Date.parse('2026-11-02T00:00:00-05:00'));
  // Berlin enters DST on 29 March 2026: that day has 23 hours.
  const march = Date.parse('2026-03-29T12:00:00+02:00');
  assert.equal(windowEnd('day', march, 'Europe/Berlin'), Date.parse('2026-03-30T00:00:00+02:00'));
  assert.equal(
    windowEnd('day', Date.parse('2026-03-28T12:00:00+01:00'), 'Europe/Berlin'),
    Date.parse('2026-03-29T00:00:00+01:00'),
  );
});

test('every instant of a year maps to the window that ends after it (property)', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let index = 0; index < 2000; index++) {
    const zone = zones[index % zones.length]!;
    const time = Date.parse('2026-01-01T00:00:00Z') + Math.floor(random() * 365 * 86_400_000);
    for (const kind of ['day', 'month'] as const) {
      const end = windowEnd(kind, time, zone)!;
      assert.ok(end > time, `${zone} ${kind} ${new Date(time).toISOString()}`);
      assert.equal(windowKey(kind, end - 1, zone), windowKey(kind, time, zone));
      assert.notEqual(windowKey(kind, end, zone), windowKey(kind, time, zone));
    }
  }
});
