import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway git repository with a fixed identity and clock, so commit SHAs are reproducible. */
export interface GitRepo {
  readonly root: string;
  /** Runs git in the repository and returns its stdout, trimmed of the final newline. */
  git(...args: string[]): string;
  /** Writes a file (creating folders); text is written as UTF-8 exactly as given. */
  write(path: string, content: string | Uint8Array): void;
  /** Writes several files. */
  writeAll(files: Record<string, string | Uint8Array>): void;
  remove(path: string): void;
  /** `git mv`, creating the destination's folders. */
  move(from: string, to: string): void;
  chmod(path: string, mode: number): void;
  /** Stages everything and commits; returns the new commit's SHA. */
  commit(message: string): string;
  /** Creates a branch at HEAD and switches to it. */
  branch(name: string): void;
  checkout(name: string): void;
  /** Merges a branch into the current one with a merge commit; returns its SHA. */
  merge(name: string): string;
  head(): string;
  /** Deletes the repository. */
  cleanup(): void;
}

const fixedIdentity: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Steward Test',
  GIT_AUTHOR_EMAIL: 'test@steward.invalid',
  GIT_COMMITTER_NAME: 'Steward Test',
  GIT_COMMITTER_EMAIL: 'test@steward.invalid',
  GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
  GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git with the fixed identity and no user or system configuration. */
export function runTestGit(cwd: string, args: string[]): string {
  const output = execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...fixedIdentity },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return output.endsWith('\n') ? output.slice(0, -1) : output;
}

/** Creates an empty repository on branch `main` in a new temporary folder. */
export function createGitRepo(options: { bare?: boolean; prefix?: string } = {}): GitRepo {
  const root = mkdtempSync(join(tmpdir(), options.prefix ?? 'steward-git-'));
  const git = (...args: string[]) => runTestGit(root, args);
  git('init', '--quiet', '--initial-branch=main', ...(options.bare ? ['--bare'] : []));
  git('config', 'core.autocrlf', 'false');
  git('config', 'core.fileMode', 'true');
  git('config', 'commit.gpgSign', 'false');

  const write = (path: string, content: string | Uint8Array) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  return {
    root,
    git,
    write,
    writeAll(files) {
      for (const [path, content] of Object.entries(files)) write(path, content);
    },
    remove(path) {
      unlinkSync(join(root, path));
    },
    move(from, to) {
      mkdirSync(dirname(join(root, to)), { recursive: true });
      git('mv', from, to);
    },
    chmod(path, mode) {
      chmodSync(join(root, path), mode);
    },
    commit(message) {
      git('add', '--all');
      git('commit', '--quiet', '--allow-empty', '--no-verify', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    branch(name) {
      git('switch', '--quiet', '-c', name);
    },
    checkout(name) {
      git('switch', '--quiet', name);
    },
    merge(name) {
      git('merge', '--quiet', '--no-ff', '--no-edit', name);
      return git('rev-parse', 'HEAD');
    },
    head() {
      return git('rev-parse', 'HEAD');
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
