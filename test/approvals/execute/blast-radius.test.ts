import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessBlastRadius,
  type Inventory,
  planSteps,
  serviceOfUnit,
  targetDigest,
  targetUnits,
} from '../../../src/approvals/execute/index.ts';
import type { ActionTargets } from '../../../src/approvals/registry/proposed-action.ts';

const inventory: Inventory = {
  api: ['api-2', 'api-1', 'api-3'],
  web: ['web-1', 'web-2'],
  db: ['db-1'],
};

const targets = (services: string[], hosts: string[] = []): ActionTargets => ({ services, hosts });

describe('targetUnits', () => {
  it('is each instance of a targeted service, plus each host, sorted', () => {
    assert.deepEqual(targetUnits(targets(['web', 'api'], ['box-9']), inventory), [
      'api/api-1',
      'api/api-2',
      'api/api-3',
      'box-9',
      'web/web-1',
      'web/web-2',
    ]);
  });

  it('counts a service the inventory does not know as one unit, its name', () => {
    assert.deepEqual(targetUnits(targets(['billing', 'db']), inventory), ['billing', 'db/db-1']);
  });

  it('has no repeats: repeated targets, and a host that a targeted service already covers', () => {
    assert.deepEqual(targetUnits(targets(['db', 'db'], ['db-1', 'web-1', 'web-1']), inventory), [
      'db/db-1',
      'web-1',
    ]);
  });

  it('does not take inherited properties for services', () => {
    assert.deepEqual(targetUnits(targets(['constructor', 'toString']), inventory), [
      'constructor',
      'toString',
    ]);
  });
});

describe('planSteps', () => {
  it('goes round-robin over services, then cuts into steps', () => {
    const units = targetUnits(targets(['api', 'web', 'db']), inventory);
    assert.deepEqual(planSteps(units, 2), [
      ['api/api-1', 'db/db-1'],
      ['web/web-1', 'api/api-2'],
      ['web/web-2', 'api/api-3'],
    ]);
    assert.deepEqual(planSteps(units, 1).flat(), [
      'api/api-1',
      'db/db-1',
      'web/web-1',
      'api/api-2',
      'web/web-2',
      'api/api-3',
    ]);
  });

  it('puts hosts each in a group of their own', () => {
    assert.deepEqual(planSteps(['api/a', 'api/b', 'h1', 'h2'], 3), [['api/a', 'h1', 'h2'], ['api/b']]);
  });

  it('gives no steps for no units, and refuses a step size below 1', () => {
    assert.deepEqual(planSteps([], 3), []);
    assert.throws(() => planSteps(['a'], 0), RangeError);
    assert.throws(() => planSteps(['a'], 1.5), RangeError);
  });
});

describe('targetDigest', () => {
  it('does not depend on the order or repeats of targets, nor on the order of instances', () => {
    const digest = targetDigest(targets(['api', 'web'], ['h1', 'h2']), inventory);
    assert.match(digest, /^[0-9a-f]{64}$/);
    assert.equal(targetDigest(targets(['web', 'api', 'web'], ['h2', 'h1']), inventory), digest);
    assert.equal(
      targetDigest(targets(['api', 'web'], ['h1', 'h2']), { ...inventory, api: ['api-3', 'api-1', 'api-2'] }),
      digest,
    );
  });

  it('changes when a targeted service gains or loses an instance, or becomes known', () => {
    const digest = targetDigest(targets(['api', 'billing']), inventory);
    assert.notEqual(
      targetDigest(targets(['api', 'billing']), { ...inventory, api: ['api-1', 'api-2'] }),
      digest,
    );
    assert.notEqual(
      targetDigest(targets(['api', 'billing']), { ...inventory, api: [...inventory.api!, 'api-4'] }),
      digest,
    );
    assert.notEqual(targetDigest(targets(['api', 'billing']), { ...inventory, billing: ['b-1'] }), digest);
  });

  it('changes when a targeted host leaves or joins a service, or its service changes', () => {
    const digest = targetDigest(targets([], ['api-2']), inventory);
    assert.notEqual(targetDigest(targets([], ['api-2']), { ...inventory, api: ['api-1', 'api-3'] }), digest);
    assert.notEqual(
      targetDigest(targets([], ['api-2']), { ...inventory, api: [...inventory.api!, 'api-4'] }),
      digest,
    );
    assert.notEqual(targetDigest(targets([], ['api-2']), { ...inventory, web: ['web-1', 'api-2'] }), digest);
    assert.equal(targetDigest(targets([], ['api-2']), { ...inventory, web: ['web-9'] }), digest);
  });

  it('does not change when a service it does not target changes', () => {
    const digest = targetDigest(targets(['api']), inventory);
    assert.equal(targetDigest(targets(['api']), { ...inventory, web: ['web-9'] }), digest);
  });
});

describe('assessBlastRadius', () => {
  it('counts a targeted service as all of it', () => {
    const radius = assessBlastRadius(targets(['api']), inventory, { maxInstanceShare: 0.5 });
    assert.deepEqual(radius, {
      wide: true,
      notes: ['covers 3 of 3 instances of api (100% > 50%)'],
      shares: { api: 1 },
    });
  });

  it('counts hosts that are instances towards their service', () => {
    const narrow = assessBlastRadius(targets([], ['api-1', 'elsewhere']), inventory, {
      maxInstanceShare: 0.5,
    });
    assert.deepEqual(narrow, { wide: false, notes: [], shares: { api: 1 / 3 } });
    const wide = assessBlastRadius(targets([], ['api-1', 'api-2']), inventory, { maxInstanceShare: 0.5 });
    assert.equal(wide.wide, true);
    assert.deepEqual(wide.notes, ['covers 2 of 3 instances of api (66.7% > 50%)']);
  });

  it('is not wide at exactly the share', () => {
    const radius = assessBlastRadius(targets([], ['web-1']), inventory, { maxInstanceShare: 0.5 });
    assert.deepEqual(radius, { wide: false, notes: [], shares: { web: 0.5 } });
    assert.equal(assessBlastRadius(targets(['api']), inventory, { maxInstanceShare: 1 }).wide, false);
  });

  it('is wide when it touches every service of the inventory', () => {
    const radius = assessBlastRadius(targets([], ['api-1', 'web-1', 'db-1']), inventory, {
      maxInstanceShare: 1,
    });
    assert.equal(radius.wide, true);
    assert.deepEqual(radius.notes, ['touches every service (3 of 3)']);
    assert.deepEqual(radius.shares, { api: 1 / 3, db: 1, web: 0.5 });
  });

  it('does not call one service of a one-service inventory "every service"', () => {
    const radius = assessBlastRadius(
      targets([], ['a-1']),
      { a: ['a-1', 'a-2', 'a-3'] },
      { maxInstanceShare: 0.5 },
    );
    assert.equal(radius.wide, false);
  });

  it('treats a service not in the inventory as all of an unknown size (deny by default)', () => {
    const radius = assessBlastRadius(targets(['billing']), inventory, { maxInstanceShare: 0.5 });
    assert.deepEqual(radius, {
      wide: true,
      notes: ['size of billing unknown: not in the inventory'],
      shares: { billing: 1 },
    });
    const empty = assessBlastRadius(targets(['billing']), {}, { maxInstanceShare: 1 });
    assert.deepEqual(empty, {
      wide: false,
      notes: ['size of billing unknown: not in the inventory'],
      shares: { billing: 1 },
    });
  });
});

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

function randomCase(seed: number) {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const inventory: Inventory = {};
  const serviceCount = 1 + pick(5);
  for (let s = 0; s < serviceCount; s += 1) {
    inventory[`svc${s}`] = Array.from({ length: 1 + pick(6) }, (_, i) => `svc${s}-i${i}`);
  }
  const allInstances = Object.values(inventory).flat();
  const services = [
    ...Object.keys(inventory).filter(() => next() < 0.4),
    ...(next() < 0.2 ? ['unknown-service'] : []),
  ];
  const hosts = [
    ...allInstances.filter(() => next() < 0.2),
    ...Array.from({ length: pick(3) }, (_, i) => `host-${i}`),
  ];
  if (services.length + hosts.length === 0) hosts.push('host-only');
  return { next, inventory, targets: targets(services, hosts), maxPerStep: 1 + pick(5) };
}

describe('properties over random inventories and targets', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it('every unit is in exactly one step; no step is over the limit; only the last is short', () => {
    for (const seed of seeds) {
      const { inventory, targets, maxPerStep } = randomCase(seed);
      const units = targetUnits(targets, inventory);
      assert.deepEqual(units, [...new Set(units)].sort(), `seed ${seed}: sorted, no repeats`);
      const steps = planSteps(units, maxPerStep);
      assert.deepEqual([...steps.flat()].sort(), units, `seed ${seed}: each unit once`);
      for (const [index, step] of steps.entries()) {
        assert.ok(step.length >= 1 && step.length <= maxPerStep, `seed ${seed}: step size`);
        if (index < steps.length - 1) assert.equal(step.length, maxPerStep, `seed ${seed}: full step`);
      }
      assert.deepEqual(planSteps(shuffle(units, random(seed)), maxPerStep).flat().length, units.length);
    }
  });

  it('round-robin: the n-th unit of a service comes after n-1 units of every service that has them', () => {
    for (const seed of seeds) {
      const { inventory, targets, maxPerStep } = randomCase(seed);
      const units = targetUnits(targets, inventory);
      const sizes = new Map<string, number>();
      for (const unit of units) sizes.set(serviceOfUnit(unit), (sizes.get(serviceOfUnit(unit)) ?? 0) + 1);
      const seen = new Map<string, number>();
      for (const unit of planSteps(units, maxPerStep).flat()) {
        const n = (seen.get(serviceOfUnit(unit)) ?? 0) + 1;
        seen.set(serviceOfUnit(unit), n);
        for (const [service, size] of sizes) {
          if (size >= n - 1) assert.ok((seen.get(service) ?? 0) >= n - 1, `seed ${seed}: ${unit}`);
        }
      }
    }
  });

  it('the digest ignores the order of targets and changes when a targeted service gains an instance', () => {
    for (const seed of seeds) {
      const { next, inventory, targets: given } = randomCase(seed);
      const digest = targetDigest(given, inventory);
      const reordered = targets(
        shuffle([...given.services, ...given.services], next),
        shuffle(given.hosts, next),
      );
      assert.equal(targetDigest(reordered, inventory), digest, `seed ${seed}`);
      const service = given.services.find((name) => Object.hasOwn(inventory, name));
      if (service === undefined) continue;
      const grown = { ...inventory, [service]: [...inventory[service]!, 'added-instance'] };
      assert.notEqual(targetDigest(given, grown), digest, `seed ${seed}`);
      assert.notDeepEqual(targetUnits(given, grown), targetUnits(given, inventory));
    }
  });

  it('shares are in (0, 1], and wide means over the share or every service', () => {
    for (const seed of seeds) {
      const { next, inventory, targets } = randomCase(seed);
      const maxInstanceShare = Math.round(next() * 100) / 100;
      const radius = assessBlastRadius(targets, inventory, { maxInstanceShare });
      const shares = Object.values(radius.shares);
      assert.ok(
        shares.every((share) => share > 0 && share <= 1),
        `seed ${seed}`,
      );
      const services = Object.keys(inventory);
      const every = services.length >= 2 && services.every((service) => service in radius.shares);
      assert.equal(radius.wide, every || shares.some((share) => share > maxInstanceShare), `seed ${seed}`);
      if (radius.wide) assert.ok(radius.notes.length > 0, `seed ${seed}: a wide action says why`);
    }
  });
});
