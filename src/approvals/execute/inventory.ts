import { z } from 'zod';
import type { ApprovalsConfig } from '../../config/index.ts';
import { StewardError } from '../../errors/index.ts';
import { errorText } from './error-text.ts';

/** Service → its instances. */
export type Inventory = Record<string, string[]>;

/** What `loadInventory` reads: the `approvals.blast_radius` section (only the inventory keys). */
export type InventoryConfig = Pick<ApprovalsConfig['blast_radius'], 'inventory' | 'inventory_url'>;

/** How `loadInventory` asks `inventory_url`. */
export interface LoadInventoryOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Per request to `inventory_url`; default 10 s. */
  timeoutMs?: number;
}

/** `inventory_url` did not give a usable list of instances for a service. */
export class InventoryError extends StewardError {
  /** The API answers 502: the inventory service, not the request, failed. */
  readonly httpStatus = 502;
  readonly service: string;
  /** The URL asked, with `{service}` filled in. */
  readonly url: string;

  constructor(service: string, url: string, problem: string, cause?: unknown) {
    super(`inventory of ${service} from ${url}: ${problem}`, {
      hint: 'approvals.blast_radius.inventory_url must answer GET with a JSON array of instance names or {"instances": [...]}',
      ...(cause === undefined ? {} : { cause }),
    });
    this.service = service;
    this.url = url;
  }
}

const instanceName = z.string().min(1).max(200);
const instancesAnswer = z.union([
  z.array(instanceName).min(1).max(10_000),
  z.object({ instances: z.array(instanceName).min(1).max(10_000) }).transform((answer) => answer.instances),
]);

/**
 * The inventory for the services an action targets: the configured `inventory`, and — when
 * `inventory_url` is set — each targeted service's instances as that URL answers them now (`{service}`
 * replaced, URL-encoded), which override the configured entry. Throws `InventoryError` naming the
 * service when an answer is not 2xx, not JSON, or not a non-empty list of names.
 */
export async function loadInventory(
  config: InventoryConfig,
  services: readonly string[],
  options: LoadInventoryOptions = {},
): Promise<Inventory> {
  // A Map, then Object.fromEntries: a service named `__proto__` stays an ordinary key.
  const inventory = new Map<string, string[]>(
    Object.entries(config.inventory).map(([service, instances]) => [service, [...instances]]),
  );
  const template = config.inventory_url;
  if (template === undefined) return Object.fromEntries(inventory);
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const wanted = [...new Set(services)].sort();
  const answers = await Promise.all(
    wanted.map(async (service) => {
      const url = template.replaceAll('{service}', encodeURIComponent(service));
      return [service, await fetchInstances(send, service, url, timeoutMs, options.signal)] as const;
    }),
  );
  for (const [service, instances] of answers) inventory.set(service, instances);
  return Object.fromEntries(inventory);
}

async function fetchInstances(
  send: typeof fetch,
  service: string,
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await send(url, {
      headers: { accept: 'application/json' },
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw new InventoryError(service, url, 'aborted', error);
    if (timeout.aborted) throw new InventoryError(service, url, `no answer within ${timeoutMs / 1000} s`);
    throw new InventoryError(service, url, `request failed: ${errorText(error)}`, error);
  }
  if (!response.ok) {
    throw new InventoryError(
      service,
      url,
      `answered ${response.status}${text.trim() === '' ? '' : `: ${text.trim().slice(0, 200)}`}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InventoryError(service, url, `answer is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const parsed = instancesAnswer.safeParse(body);
  if (!parsed.success) {
    throw new InventoryError(
      service,
      url,
      'expected a non-empty JSON array of instance names or {"instances": [...]}',
    );
  }
  return [...new Set(parsed.data)].sort();
}

/** The instances of a service, or `undefined` when the inventory does not know it (or lists none). */
export function instancesOf(inventory: Inventory, service: string): string[] | undefined {
  if (!Object.hasOwn(inventory, service)) return undefined;
  const instances = inventory[service];
  return instances === undefined || instances.length === 0 ? undefined : instances;
}
