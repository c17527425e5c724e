import type { Kysely } from 'kysely';
import type { ApprovalsConfig } from '../../config/index.ts';
import type { Database, StoreDialect } from '../../store/index.ts';
import type { Inventory } from '../execute/index.ts';
import type { ApprovalRequest } from './approval-request.ts';

/** What the request functions need: the store, the `approvals:` config, a clock and the inventory. */
export interface ApprovalDeps {
  db: Kysely<Database>;
  dialect: StoreDialect;
  config: ApprovalsConfig;
  now: () => number;
  /** The instances of these services now (configured inventory, or `inventory_url`). */
  inventoryFor(services: readonly string[], signal?: AbortSignal): Promise<Inventory>;
  /** Called after a commit that created or changed a request (to post or update its Slack message). */
  onChange?: ((request: ApprovalRequest) => Promise<void> | void) | undefined;
}
