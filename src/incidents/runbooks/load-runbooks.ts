import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { ExitCode, StewardError } from '../../errors/index.ts';
import { readFrontMatter } from './front-matter.ts';

/** A Markdown runbook. */
export interface Runbook {
  /** Relative to the runbooks folder, with `/` separators: `db/failover.md`. */
  path: string;
  /** Absolute path of the file. */
  file: string;
  /** Front matter `title`, else the first `# heading`, else the file name without its extension. */
  title: string;
  /** Alert names it is for (front matter `alerts`). */
  alerts: string[];
  /** Labels an alert must all have for it to apply (front matter `labels`). */
  labels: Record<string, string>;
  /** Services it is about (front matter `services`). */
  services: string[];
  /** The Markdown after the front matter. */
  body: string;
}

/** A runbook that could not be loaded: the others still are. */
export interface RunbookProblem {
  /** Relative path, as `Runbook.path`. */
  path: string;
  file: string;
  /** 1-based line of the file. */
  line: number;
  message: string;
}

export interface LoadedRunbooks {
  runbooks: Runbook[];
  problems: RunbookProblem[];
}

/** The runbooks folder does not exist or cannot be read. */
export class RunbooksDirError extends StewardError {
  override readonly exitCode = ExitCode.usage;
}

/** `db/failover.md:3: labels: expected a mapping of label names to values`. */
export function formatRunbookProblem(problem: RunbookProblem): string {
  return `${problem.path}:${problem.line}: ${problem.message}`;
}

const markdown = new Set(['.md', '.markdown']);

/**
 * Reads every Markdown file under `dir` (recursively, skipping folders and files whose name starts
 * with a dot), in path order. A file with bad front matter is left out and reported with its line;
 * the others load. Throws RunbooksDirError when `dir` cannot be read.
 */
export async function loadRunbooks(dir: string): Promise<LoadedRunbooks> {
  let entries: { name: string; parentPath: string; isFile(): boolean }[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new RunbooksDirError(`Cannot read the runbooks folder ${dir}: ${(error as Error).message}`, {
      hint: 'Set incidents.runbooks_dir to a folder of Markdown files, relative to .steward.yml.',
      cause: error,
    });
  }
  const files = entries
    .filter((entry) => entry.isFile() && markdown.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => ({ file, path: relative(dir, file).split(sep).join('/') }))
    .filter(({ path }) => !path.split('/').some((part) => part.startsWith('.')))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const runbooks: Runbook[] = [];
  const problems: RunbookProblem[] = [];
  for (const { file, path } of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({ path, file, line: 1, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    const read = readFrontMatter(text);
    if ('problems' in read) {
      problems.push(...read.problems.map((problem) => ({ path, file, ...problem })));
      continue;
    }
    const { frontMatter, body } = read;
    runbooks.push({
      path,
      file,
      title: frontMatter.title ?? firstHeading(body) ?? basename(path, extname(path)),
      alerts: frontMatter.alerts,
      labels: frontMatter.labels,
      services: frontMatter.services,
      body,
    });
  }
  return { runbooks, problems };
}

/** The text of the first level-1 ATX heading outside code fences. */
function firstHeading(body: string): string | undefined {
  let fence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^\s{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1]?.trim();
    if (heading !== undefined && heading !== '') return heading;
  }
  return undefined;
}
