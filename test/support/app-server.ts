import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { StewardConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import type { AlertSecrets, QueuePoster } from '../../src/server/index.ts';
import { createApp } from '../../src/server/index.ts';
import type { Store } from '../../src/store/index.ts';
import { configFrom } from './budget-fixtures.ts';

export const webhookSecret = 'test-webhook-secret';
export const apiToken = 'test-api-token-0123456789';

/** The app of `steward serve` without its worker, on a free loopback port: what it stores can be inspected. */
export async function startApp(
  store: Store,
  options: {
    config?: StewardConfig;
    secret?: string | undefined;
    token?: string | undefined;
    postQueueItem?: QueuePoster;
    alertSecrets?: AlertSecrets;
  } = {},
): Promise<{ url: string; queued: number; close(): Promise<void> }> {
  const state = { queued: 0 };
  const app = createApp({
    db: store.db,
    dialect: store.dialect,
    config: options.config ?? configFrom(''),
    webhookSecret: 'secret' in options ? options.secret : webhookSecret,
    apiToken: 'token' in options ? options.token : apiToken,
    postQueueItem: options.postQueueItem ?? (async () => {}),
    logger: createLogger({ format: 'json', level: 'silent' }),
    now: Date.now,
    alertSecrets: options.alertSecrets ?? {},
    onQueued: () => {
      state.queued += 1;
    },
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get queued() {
      return state.queued;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
