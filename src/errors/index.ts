export { ConfigError, type ConfigIssue, formatConfigIssue } from './config-error.ts';
export { ExitCode, StewardError, type StewardErrorOptions } from './steward-error.ts';
export { StoreError } from './store-error.ts';
export { UsageError } from './usage-error.ts';
