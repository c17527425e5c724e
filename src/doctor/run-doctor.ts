import { type LoadedConfig, loadConfig } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import { nodeVersionSupported } from '../version/index.ts';
import { type Check, fail, ok, warn } from './check.ts';
import { checkDatabase } from './check-database.ts';
import { checkApprovals, checkGitHubApp, checkIncidents, checkProviders } from './check-settings.ts';

export interface DoctorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configPath?: string;
  nodeVersion?: string;
}

/** Checks everything Steward needs, in order, and never throws: each problem is a failed check. */
export async function runDoctor(options: DoctorOptions): Promise<Check[]> {
  const nodeVersion = options.nodeVersion ?? process.versions.node;
  const checks: Check[] = [
    nodeVersionSupported(nodeVersion)
      ? ok('node', nodeVersion)
      : fail('node', `${nodeVersion} is too old`, 'install Node.js 24 LTS (>= 22.18 works)'),
  ];

  let loaded: LoadedConfig | undefined;
  try {
    loaded = loadConfig({
      cwd: options.cwd,
      env: options.env,
      ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    });
    const where = loaded.path ?? 'no .steward.yml found; using defaults';
    checks.push(
      loaded.warnings.length === 0
        ? ok('config', where)
        : warn(
            'config',
            `${where} (${loaded.warnings.length} warning(s))`,
            loaded.warnings.map((w) => `${w.source}:${w.line ?? ''}: ${w.path}: ${w.message}`).join('; '),
          ),
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push(
      fail(
        'config',
        error.message.replaceAll('\n', '; '),
        'fix the configuration; `steward init` shows every key',
      ),
    );
  }

  checks.push(...(await checkDatabase(options.env)));
  if (loaded !== undefined) {
    checks.push(...checkProviders(loaded));
    checks.push(checkGitHubApp(loaded.environment));
    checks.push(...checkIncidents(loaded));
    checks.push(...checkApprovals(loaded));
  }
  return checks;
}
