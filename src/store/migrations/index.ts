import type { StoreMigration } from '../store-migration.ts';
import { migration as initial } from './0001-initial.ts';
import { migration as budgetsAndLedger } from './0002-budgets-and-ledger.ts';
import { migration as reviews } from './0003-reviews.ts';
import { migration as reviewMemory } from './0004-review-memory.ts';
import { migration as reviewLeases } from './0005-review-leases.ts';
import { migration as outdatedFindings } from './0006-outdated-findings.ts';
import { migration as githubApp } from './0007-github-app.ts';
import { migration as incidents } from './0008-incidents.ts';
import { migration as approvals } from './0009-approvals.ts';

/**
 * Every migration, oldest first. To change the schema:
 * 1. add `NNNN-what-it-does.ts` here exporting `migration: StoreMigration` named `NNNN-what-it-does`
 *    (the next number: names must sort in this list's order);
 * 2. append it below;
 * 3. add or change the table's interface in ../schema.ts.
 * Use Kysely's schema builder so one migration serves SQLite and PostgreSQL, and branch on the
 * `dialect` argument where they differ. A released migration is never edited: add a new one.
 */
export const migrations: readonly StoreMigration[] = [
  initial,
  budgetsAndLedger,
  reviews,
  reviewMemory,
  reviewLeases,
  outdatedFindings,
  githubApp,
  incidents,
  approvals,
];
