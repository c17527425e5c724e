import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { UsageError } from '../../errors/index.ts';

/** What a finished git command printed, and how it ended. */
export interface GitResult {
  stdout: string;
  stderr: string;
  /** Null when git was ended by a signal (e.g. a timeout). */
  exitCode: number | null;
}

export interface RunGitOptions {
  /** Ends git (SIGTERM) after this long. */
  timeoutMs?: number;
}

/** Stable, English, non-interactive git: messages can be matched and nothing waits for a password. */
export function gitEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

/** Starts git without a shell. */
export function spawnGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): ChildProcess {
  return spawn('git', args, {
    cwd,
    env: gitEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
}

/** Resolves when git has exited and its output is closed; never rejects (a spawn failure is thrown by the caller). */
export function gitExit(child: ChildProcess): Promise<{ exitCode: number | null; error?: Error }> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ exitCode: null, error }));
    child.once('close', (exitCode) => resolve({ exitCode }));
  });
}

/** Collects a stream as text, keeping at most `limit` characters. */
export function collectText(stream: Readable, limit = Number.POSITIVE_INFINITY): () => string {
  const chunks: string[] = [];
  let length = 0;
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (length >= limit) return;
    chunks.push(chunk.slice(0, limit - length));
    length += chunk.length;
  });
  return () => chunks.join('');
}

/** Runs git and returns its output, whatever its exit code. Throws UsageError when git cannot be started. */
export async function runGit(
  cwd: string,
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<GitResult> {
  const child = spawnGit(cwd, args, options);
  const exited = gitExit(child);
  const stdout = collectText(child.stdout!);
  const stderr = collectText(child.stderr!, 64 * 1024);
  const { exitCode, error } = await exited;
  if (error !== undefined) throw gitStartError(error, cwd);
  return { stdout: stdout(), stderr: stderr(), exitCode };
}

/** The error for git failing to start: not installed, or a working directory that does not exist. */
export function gitStartError(error: Error, cwd: string): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new UsageError(`cannot run git in ${cwd}: git is not installed or the directory does not exist`, {
      hint: 'install git and check the directory',
      cause: error,
    });
  }
  return error;
}

/** The first line git wrote to stderr, without its `fatal: ` or `error: ` prefix. */
export function gitMessage(stderr: string): string {
  const line = stderr.split('\n').find((text) => text.trim() !== '') ?? '';
  return line.replace(/^(fatal|error): /, '').trim();
}
