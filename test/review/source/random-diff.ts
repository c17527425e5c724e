import type { FileChange, Hunk } from '../../../src/review/change-set.ts';

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const integer = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, integer, pick, chance: (probability: number) => next() < probability };
}

export type Random = ReturnType<typeof createRandom>;

const pathPieces = [
  'src',
  'lib',
  'docs',
  'a b',
  'résumé',
  '日本',
  'tab\there',
  'quote"d',
  'back\\slash',
  'x.ts',
  'b',
];
const contentPieces = [
  'const',
  ' ',
  'x = 1;',
  '\t',
  'é',
  '日本語',
  '"',
  '\\',
  '+',
  '-',
  '@@',
  'diff --git',
  '\r',
  '😀',
];

function randomPath(random: Random): string {
  const depth = random.integer(1, 3);
  const parts: string[] = [];
  for (let index = 0; index < depth; index++) parts.push(random.pick(pathPieces));
  return `${parts.join('/')}.${random.integer(0, 99)}`;
}

function randomText(random: Random): string {
  let text = '';
  const length = random.integer(0, 6);
  for (let index = 0; index < length; index++) text += random.pick(contentPieces);
  return text.replaceAll('\n', '');
}

function randomHunks(random: Random, kind: 'modified' | 'added' | 'deleted'): Hunk[] {
  if (kind !== 'modified') {
    const count = random.integer(1, 8);
    const marker = kind === 'added' ? '+' : '-';
    const lines = Array.from({ length: count }, () => `${marker}${randomText(random)}`);
    const hunk: Hunk =
      kind === 'added'
        ? { oldStart: 0, oldLines: 0, newStart: 1, newLines: count, section: '', lines }
        : { oldStart: 1, oldLines: count, newStart: 0, newLines: 0, section: '', lines };
    if (random.chance(0.2)) {
      if (kind === 'added') hunk.newNoNewlineAtEnd = true;
      else hunk.oldNoNewlineAtEnd = true;
    }
    return [hunk];
  }
  const hunks: Hunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  const count = random.integer(1, 4);
  for (let index = 0; index < count; index++) {
    const gap = random.integer(0, 20);
    oldLine += gap;
    newLine += gap;
    const lines: string[] = [];
    const length = random.integer(1, 12);
    for (let line = 0; line < length; line++)
      lines.push(`${random.pick([' ', '-', '+'])}${randomText(random)}`);
    const hunk: Hunk = { oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, section: '', lines };
    if (index === count - 1 && random.chance(0.3)) {
      const ending = random.integer(0, 3);
      if (ending === 0) {
        lines.push(` ${randomText(random)}`);
        hunk.oldNoNewlineAtEnd = true;
        hunk.newNoNewlineAtEnd = true;
      } else {
        lines.push(`-${randomText(random)}`, `+${randomText(random)}`);
        if (ending !== 2) hunk.oldNoNewlineAtEnd = true;
        if (ending !== 1) hunk.newNoNewlineAtEnd = true;
      }
    }
    hunk.oldLines = lines.filter((line) => !line.startsWith('+')).length;
    hunk.newLines = lines.filter((line) => !line.startsWith('-')).length;
    hunk.oldStart = hunk.oldLines === 0 ? oldLine - 1 : oldLine;
    hunk.newStart = hunk.newLines === 0 ? newLine - 1 : newLine;
    if (random.chance(0.5)) hunk.section = `function f${index}() {`;
    hunks.push(hunk);
    oldLine += hunk.oldLines + 1;
    newLine += hunk.newLines + 1;
  }
  return hunks;
}

function totals(file: FileChange): FileChange {
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) file.additions++;
      else if (line.startsWith('-')) file.deletions++;
    }
  }
  return file;
}

/** Random file changes of every kind, shaped exactly as parseUnifiedDiff returns them. */
export function randomFileChanges(random: Random, count: number): FileChange[] {
  const files: FileChange[] = [];
  for (let index = 0; index < count; index++) {
    const path = `${randomPath(random)}-${index}`;
    const kind = random.pick([
      'modified',
      'modified',
      'added',
      'deleted',
      'renamed',
      'binary',
      'mode',
    ] as const);
    const base = { path, binary: false, hunks: [] as Hunk[], additions: 0, deletions: 0 };
    if (kind === 'modified') {
      files.push(
        totals({
          ...base,
          status: 'modified',
          oldMode: '100644',
          newMode: '100644',
          hunks: randomHunks(random, 'modified'),
        }),
      );
    } else if (kind === 'added' || kind === 'deleted') {
      const mode = kind === 'added' ? { newMode: '100755' } : { oldMode: '100644' };
      files.push(totals({ ...base, status: kind, ...mode, hunks: randomHunks(random, kind) }));
    } else if (kind === 'renamed') {
      const pure = random.chance(0.5);
      const renamed: FileChange = {
        ...base,
        status: 'renamed',
        oldPath: `${randomPath(random)}-old-${index}`,
        similarity: pure ? 100 : random.integer(50, 99),
      };
      if (!pure)
        Object.assign(renamed, {
          oldMode: '100644',
          newMode: '100644',
          hunks: randomHunks(random, 'modified'),
        });
      files.push(totals(renamed));
    } else if (kind === 'binary') {
      files.push({ ...base, status: 'modified', binary: true, oldMode: '100644', newMode: '100644' });
    } else {
      files.push({ ...base, status: 'modified', oldMode: '100644', newMode: '100755' });
    }
  }
  return files;
}

/** Quotes a path as git does for unusual characters; with `escapeUnicode`, also as core.quotePath=true does. */
export function quotePath(path: string, escapeUnicode: boolean): string {
  const unusual = [...path].some((character) => {
    const code = character.codePointAt(0)!;
    return code < 0x20 || character === '"' || character === '\\' || (escapeUnicode && code > 0x7e);
  });
  if (!unusual) return path;
  let quoted = '"';
  for (const character of path) {
    if (character === '"') quoted += '\\"';
    else if (character === '\\') quoted += '\\\\';
    else if (character === '\t') quoted += '\\t';
    else if (character === '\n') quoted += '\\n';
    else if (escapeUnicode && character.codePointAt(0)! > 0x7f) {
      for (const byte of new TextEncoder().encode(character))
        quoted += `\\${byte.toString(8).padStart(3, '0')}`;
    } else quoted += character;
  }
  return `${quoted}"`;
}

function hunkHeader(hunk: Hunk, random: Random): string {
  const range = (start: number, lines: number) =>
    lines === 1 && random.chance(0.5) ? `${start}` : `${start},${lines}`;
  const section = hunk.section === '' ? '' : ` ${hunk.section}`;
  return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@${section}`;
}

/** Writes file changes as `git diff` prints them. Returns the lines (without `\n`). */
export function formatUnifiedDiff(files: FileChange[], random: Random): string[] {
  const out: string[] = [];
  const marker = '\\ No newline at end of file';
  for (const file of files) {
    const escapeUnicode = random.chance(0.5);
    const quote = (prefix: string, path: string) => quotePath(`${prefix}${path}`, escapeUnicode);
    const oldPath = file.oldPath ?? file.path;
    out.push(`diff --git ${quote('a/', oldPath)} ${quote('b/', file.path)}`);
    if (file.status === 'added') out.push(`new file mode ${file.newMode}`, 'index 0000000..1234567');
    else if (file.status === 'deleted')
      out.push(`deleted file mode ${file.oldMode}`, 'index 1234567..0000000');
    else if (file.status === 'renamed') {
      out.push(`similarity index ${file.similarity}%`, `rename from ${quotePath(oldPath, escapeUnicode)}`);
      out.push(`rename to ${quotePath(file.path, escapeUnicode)}`);
      if (file.hunks.length > 0) out.push('index 1234567..89abcde 100644');
    } else if (file.oldMode !== file.newMode)
      out.push(`old mode ${file.oldMode}`, `new mode ${file.newMode}`);
    else out.push('index 1234567..89abcde 100644');
    if (file.binary) {
      out.push(`Binary files ${quote('a/', oldPath)} and ${quote('b/', file.path)} differ`);
      continue;
    }
    if (file.hunks.length === 0) continue;
    const minus = file.status === 'added' ? '/dev/null' : quote('a/', oldPath);
    const plus = file.status === 'deleted' ? '/dev/null' : quote('b/', file.path);
    out.push(
      `--- ${minus}${minus.includes(' ') ? '\t' : ''}`,
      `+++ ${plus}${plus.includes(' ') ? '\t' : ''}`,
    );
    for (const hunk of file.hunks) {
      out.push(hunkHeader(hunk, random));
      const lastOld = hunk.lines.findLastIndex((line) => !line.startsWith('+'));
      const lastNew = hunk.lines.findLastIndex((line) => !line.startsWith('-'));
      hunk.lines.forEach((line, index) => {
        out.push(line);
        if ((hunk.oldNoNewlineAtEnd && index === lastOld) || (hunk.newNoNewlineAtEnd && index === lastNew)) {
          if (out.at(-1) !== marker) out.push(marker);
        }
      });
    }
  }
  return out;
}
