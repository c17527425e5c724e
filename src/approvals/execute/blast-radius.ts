import { type ActionTargets, canonicalJson, canonicalTargets, sha256 } from '../registry/proposed-action.ts';
import { type Inventory, instancesOf } from './inventory.ts';

/** How wide an action is, by service. */
export interface BlastRadius {
  /** Over `max_instance_share` of some service, or every service of an inventory of two or more. */
  wide: boolean;
  /** Why it is wide, and what could not be sized; empty when there is nothing to say. */
  notes: string[];
  /** Service → share of its instances the action covers (0 < share ≤ 1); only services it touches. */
  shares: Record<string, number>;
}

/** Code-unit order: the same everywhere, unlike `localeCompare`. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What one action changes, one unit per instance: `service/instance` for each instance of a targeted
 * service (a service the inventory does not know is one unit, its name), and each host by its name —
 * except a host that is an instance of a targeted service, which that service's unit already covers.
 * Sorted, without repeats.
 */
export function targetUnits(targets: ActionTargets, inventory: Inventory): string[] {
  const units = new Set<string>();
  const covered = new Set<string>();
  for (const service of targets.services) {
    const instances = instancesOf(inventory, service);
    if (instances === undefined) {
      units.add(service);
      continue;
    }
    for (const instance of instances) {
      units.add(`${service}/${instance}`);
      covered.add(instance);
    }
  }
  for (const host of targets.hosts) if (!covered.has(host)) units.add(host);
  return [...units].sort(byCodeUnit);
}

/**
 * sha-256 of the targets (canonical: sorted, no repeats) with, for each targeted service, its instances
 * (sorted; `null` when the inventory does not know it), and for each host, the inventory services it
 * is an instance of with their instances. Taken when the action is proposed and again before it runs:
 * when a targeted service gained or lost an instance, or a host left (or joined) a service, the digest
 * differs (drift).
 */
export function targetDigest(targets: ActionTargets, inventory: Inventory): string {
  const canonical = canonicalTargets(targets);
  const sorted = (list: readonly string[]) => [...new Set(list)].sort(byCodeUnit);
  const instances = Object.fromEntries(
    canonical.services.map((service) => {
      const known = instancesOf(inventory, service);
      return [service, known === undefined ? null : sorted(known)] as const;
    }),
  );
  const hosts = Object.fromEntries(
    canonical.hosts.map((host) => [
      host,
      Object.entries(inventory)
        .filter(([, members]) => members.includes(host))
        .map(([service, members]) => [service, sorted(members)] as const)
        .sort(([a], [b]) => byCodeUnit(a, b)),
    ]),
  );
  return sha256(canonicalJson({ targets: canonical, instances, hosts }));
}

/**
 * How much of each service an action covers. A targeted service is all of its instances (share 1); a
 * host that is an instance of an inventory service counts towards that service's share. A targeted
 * service the inventory does not know has unknown size: it is noted and counted as all of it (share 1),
 * so it is wide whenever `maxInstanceShare` is below 1 — deny by default.
 *
 * Wide when a service's share exceeds `maxInstanceShare` ("covers 3 of 3 instances of api (100% > 50%)"),
 * or when the action touches every service of an inventory of two or more ("touches every service (3 of 3)").
 */
export function assessBlastRadius(
  targets: ActionTargets,
  inventory: Inventory,
  options: { maxInstanceShare: number },
): BlastRadius {
  const notes: string[] = [];
  const shares = new Map<string, number>();
  let wide = false;
  const targeted = [...new Set(targets.services)].sort(byCodeUnit);
  for (const service of targeted) {
    const instances = instancesOf(inventory, service);
    shares.set(service, 1);
    if (instances === undefined) {
      notes.push(`size of ${service} unknown: not in the inventory`);
      if (1 > options.maxInstanceShare) wide = true;
      continue;
    }
    const size = new Set(instances).size;
    if (1 > options.maxInstanceShare) {
      wide = true;
      notes.push(coverNote(service, size, size, options.maxInstanceShare));
    }
  }
  const hosts = new Set(targets.hosts);
  const services = Object.keys(inventory)
    .filter((service) => instancesOf(inventory, service) !== undefined)
    .sort(byCodeUnit);
  for (const service of services) {
    if (shares.has(service)) continue;
    const instances = new Set(instancesOf(inventory, service));
    const hit = [...instances].filter((instance) => hosts.has(instance)).length;
    if (hit === 0) continue;
    const share = hit / instances.size;
    shares.set(service, share);
    if (share > options.maxInstanceShare) {
      wide = true;
      notes.push(coverNote(service, hit, instances.size, options.maxInstanceShare));
    }
  }
  const touched = services.filter((service) => shares.has(service)).length;
  if (services.length >= 2 && touched === services.length) {
    wide = true;
    notes.push(`touches every service (${touched} of ${services.length})`);
  }
  return { wide, notes, shares: Object.fromEntries([...shares].sort(([a], [b]) => byCodeUnit(a, b))) };
}

function coverNote(service: string, hit: number, size: number, max: number): string {
  return `covers ${hit} of ${size} instances of ${service} (${percent(hit / size)} > ${percent(max)})`;
}

/** 1 → "100%", 2/3 → "66.7%". */
function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** The service a unit belongs to: the part before the first `/`, or the whole unit (a host, an unknown service). */
export function serviceOfUnit(unit: string): string {
  const slash = unit.indexOf('/');
  return slash === -1 ? unit : unit.slice(0, slash);
}

/**
 * Splits units into steps of at most `maxPerStep`, in this order: units are grouped by service (the part
 * before the first `/`; a host is a group of its own), groups in code-unit order of their name and units
 * within a group in the order given; then round-robin — the first unit of every group, then the second
 * of every group that has one, and so on — cut into consecutive chunks. So instances of one service are
 * spread over steps as far as the other services allow, and the same units always give the same steps.
 */
export function planSteps(units: readonly string[], maxPerStep: number): string[][] {
  if (!Number.isInteger(maxPerStep) || maxPerStep < 1) {
    throw new RangeError(`maxPerStep must be a positive integer, got ${maxPerStep}`);
  }
  const groups = new Map<string, string[]>();
  for (const unit of new Set(units)) {
    const service = serviceOfUnit(unit);
    const group = groups.get(service);
    if (group === undefined) groups.set(service, [unit]);
    else group.push(unit);
  }
  const ordered = [...groups].sort(([a], [b]) => byCodeUnit(a, b)).map(([, group]) => group);
  const sequence: string[] = [];
  const rounds = Math.max(0, ...ordered.map((group) => group.length));
  for (let round = 0; round < rounds; round += 1) {
    for (const group of ordered) {
      const unit = group[round];
      if (unit !== undefined) sequence.push(unit);
    }
  }
  const steps: string[][] = [];
  for (let start = 0; start < sequence.length; start += maxPerStep) {
    steps.push(sequence.slice(start, start + maxPerStep));
  }
  return steps;
}
