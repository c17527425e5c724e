import type { Kysely } from 'kysely';
import type { ApprovalsConfig } from '../config/index.ts';
import type { Database, StoreDialect } from '../store/index.ts';
import { loadInventory } from './execute/index.ts';
import type { ApprovalDeps } from './requests/approval-deps.ts';
import type { ApprovalRequest } from './requests/approval-request.ts';

/** The request functions' dependencies from the configuration: the inventory comes from config or `inventory_url`. */
export function approvalDepsFor(options: {
  db: Kysely<Database>;
  dialect: StoreDialect;
  config: ApprovalsConfig;
  now?: () => number;
  fetch?: typeof fetch;
  onChange?: (request: ApprovalRequest) => Promise<void> | void;
}): ApprovalDeps {
  return {
    db: options.db,
    dialect: options.dialect,
    config: options.config,
    now: options.now ?? Date.now,
    inventoryFor: (services, signal) =>
      loadInventory(options.config.blast_radius, services, {
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(signal === undefined ? {} : { signal }),
      }),
    onChange: options.onChange,
  };
}
