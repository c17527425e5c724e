import type { Kysely } from 'kysely';
import type { Notifier } from '../../budget/index.ts';
import type { StewardConfig } from '../../config/index.ts';
import type { PriceBook } from '../../llm/prices/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { Database } from '../../store/index.ts';
import type { GitHubClients } from '../auth/github-clients.ts';

/** What the GitHub jobs need: the store, the configuration, clients, and the clock. */
export interface GitHubJobContext {
  db: Kysely<Database>;
  config: StewardConfig;
  env: NodeJS.ProcessEnv;
  priceBook: PriceBook;
  clients: GitHubClients;
  /** Directory that review context files are relative to. */
  root: string;
  notify?: Notifier;
  logger: Logger;
  now: () => number;
}
