import type { Command } from 'commander';
import { createLogger } from '../../logging/index.ts';
import { startServer } from '../../server/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { wholeNumber } from '../whole-number.ts';

interface ServeOptions {
  host?: string;
  port?: string;
  workers?: string;
}

/** `steward serve`: runs until SIGINT or SIGTERM, then lets running jobs finish and exits 0. */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description(
      'run the GitHub App webhook receiver, the JSON API and the job worker (see the README, On GitHub)',
    )
    .option('--host <address>', 'listen on this address (default: server.host, 127.0.0.1)')
    .option('--port <port>', 'listen on this port, 0 for any free one (default: server.port, 8787)')
    .option('--workers <n>', 'jobs run at once (default: server.workers, 2)')
    .action(async (options: ServeOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const logger = createLogger({
        format: 'json',
        level: global.verbose === true ? 'debug' : 'info',
        write: context.stderr,
      });
      const server = await startServer({
        cwd: context.cwd,
        env: context.env,
        ...(global.config === undefined ? {} : { configPath: global.config }),
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(options.port === undefined ? {} : { port: wholeNumber(options.port, '--port', 0, 65_535) }),
        ...(options.workers === undefined
          ? {}
          : { workers: wholeNumber(options.workers, '--workers', 1, 256) }),
        logger,
      });
      context.stdout(`steward serve listening on ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}
