import type { Kysely } from 'kysely';
import type { ApprovalDeps } from '../../approvals/index.ts';
import type { Notifier } from '../../budget/index.ts';
import type { StewardConfig } from '../../config/index.ts';
import type { PriceBook } from '../../llm/prices/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { Database } from '../../store/index.ts';
import type { SlackNotifier } from '../notify/slack-notifier.ts';

/** What the incident jobs need. */
export interface IncidentJobContext {
  db: Kysely<Database>;
  config: StewardConfig;
  env: NodeJS.ProcessEnv;
  priceBook: PriceBook;
  /** Directory that `incidents.runbooks_dir` is relative to (where .steward.yml is). */
  root: string;
  slack: SlackNotifier;
  notify?: Notifier;
  logger: Logger;
  now: () => number;
  /** The approval gate: production proposals are sent to it, one at a time. */
  approvals?: ApprovalDeps | undefined;
}
