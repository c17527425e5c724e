import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

/** The App installation on record for a pull request (from its webhooks), if any. */
export async function installationOf(
  db: Kysely<Database>,
  target: { repo: string; pr: number },
): Promise<number | undefined> {
  const row = await db
    .selectFrom('github_pull_requests')
    .select('installation_id')
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .executeTakeFirst();
  return row?.installation_id ?? undefined;
}
