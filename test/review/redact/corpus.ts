import { readFileSync } from 'node:fs';
import type { ChangeSet, FileChange } from '../../../src/review/change-set.ts';

/** One planted secret of test/fixtures/secrets/corpus.json. */
export interface PlantedSecret {
  id: string;
  /** The finding's title, or `null` where no finding is due (removed, context, section). */
  title: string | null;
  severity: 'critical' | 'high' | null;
  kind: string;
  secret: string;
  path: string;
  template: string;
  side: 'added' | 'removed' | 'context' | 'section';
}

interface StoredSecret extends Omit<PlantedSecret, 'secret'> {
  parts: string[];
}

const stored = JSON.parse(
  readFileSync(new URL('../../fixtures/secrets/corpus.json', import.meta.url), 'utf8'),
) as {
  secrets: StoredSecret[];
};

export const corpus: PlantedSecret[] = stored.secrets.map(({ parts, ...entry }) => ({
  ...entry,
  secret: parts.join(''),
}));

/** Where a planted secret's diff puts it: the new-side line its first line has, when added. */
export const secretLine = 21;

/**
 * A one-hunk change of the secret's file with the secret's line(s) on its side, between ordinary
 * lines: for `added`, the secret's first line is new-side line 21.
 */
export function plantedChange(entry: PlantedSecret): FileChange {
  const secretLines = entry.template.replace('{secret}', entry.secret).split('\n');
  const prefix = entry.side === 'added' ? '+' : entry.side === 'removed' ? '-' : ' ';
  const lines =
    entry.side === 'section'
      ? [' // before', '+// a change below the enclosing line', ' // after']
      : [' // before', ...secretLines.map((line) => prefix + line), '+// after', ' // end'];
  const additions = lines.filter((line) => line.startsWith('+')).length;
  const deletions = lines.filter((line) => line.startsWith('-')).length;
  return {
    path: entry.path,
    status: 'modified',
    binary: false,
    hunks: [
      {
        oldStart: 20,
        oldLines: lines.length - additions,
        newStart: 20,
        newLines: lines.length - deletions,
        section: entry.side === 'section' ? secretLines[0]! : '',
        lines,
      },
    ],
    additions,
    deletions,
  };
}

export function changeSetOf(files: FileChange[]): ChangeSet {
  return {
    source: { kind: 'local', root: '/repo', base: 'main', head: 'HEAD', mergeBase: undefined, staged: false },
    files,
    unseen: [],
  };
}

/** The first substring of 12 characters or more of `secret` that `text` contains, if any. */
export function survivingPiece(text: string, secret: string, length = 12): string | undefined {
  for (const line of secret.split('\n')) {
    for (let start = 0; start + length <= line.length; start++) {
      const piece = line.slice(start, start + length);
      if (text.includes(piece)) return piece;
    }
  }
  return undefined;
}
