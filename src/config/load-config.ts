import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import type { StewardConfig } from './config-rules.ts';
import { type Environment, readEnvironment } from './environment.ts';
import { findConfigFile } from './find-config-file.ts';
import { parseConfig } from './parse-config.ts';

export interface LoadedConfig {
  config: StewardConfig;
  environment: Environment;
  /** Absolute path of the file read, or undefined when none was found and defaults apply. */
  path: string | undefined;
  warnings: ConfigIssue[];
}

export interface LoadConfigOptions {
  cwd?: string;
  /** An explicit --config path: it must exist. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** Finds, reads and validates the configuration and the environment. Throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const path = options.configPath === undefined ? findConfigFile(cwd) : resolve(cwd, options.configPath);
  const shown = path === undefined ? undefined : displayPath(path, cwd);

  let text = '';
  if (path !== undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
      throw new ConfigError(
        [{ source: shown!, path: '', message: `cannot read the configuration: ${reason}` }],
        'run `steward init` to write a starter .steward.yml',
      );
    }
  }
  const parsed = parseConfig(text, shown ?? '(defaults)');
  const { environment, errors: environmentErrors } = readEnvironment(env);
  const errors = [...parsed.errors, ...environmentErrors];
  if (errors.length > 0 || parsed.config === undefined || environment === undefined) {
    throw new ConfigError(
      errors,
      'fix the lines above; `steward init` prints a commented example of every key',
    );
  }
  return { config: parsed.config, environment, path, warnings: parsed.warnings };
}

function displayPath(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : path;
}
