import { CommanderError } from 'commander';
import { ConfigError, ExitCode, StewardError } from '../errors/index.ts';
import type { CliContext } from './cli-context.ts';

/** The one place where errors become messages and exit codes. */
export function handleError(error: unknown, context: CliContext, verbose = false): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message (or the help / version text).
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  if (error instanceof StewardError) {
    const heading = error instanceof ConfigError ? 'steward: invalid configuration\n' : '';
    context.stderr(
      `${heading}${error instanceof ConfigError ? indent(error.message) : `steward: ${error.message}`}\n`,
    );
    if (error.hint !== undefined) context.stderr(`next: ${error.hint}\n`);
    if (verbose && error.cause !== undefined) context.stderr(`cause: ${String(error.cause)}\n`);
    return error.exitCode;
  }
  const detail =
    error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  context.stderr(
    `steward: unexpected error: ${detail}\nnext: this is a bug; please report it with the output of \`steward --verbose\`\n`,
  );
  return ExitCode.internal;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
