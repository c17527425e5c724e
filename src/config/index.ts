export { formatConfigIssue } from '../errors/index.ts';
export {
  type ApprovalActionKind,
  type ApprovalRule,
  type ApprovalsConfig,
  approvalActionKinds,
  approvalsSchema,
  personName,
  readOnlyActionKinds,
} from './approvals-schema.ts';
export { checkConfigRules, normalizeConfig, type StewardConfig } from './config-rules.ts';
export { defaultAgentTiers, defaultTiers } from './defaults.ts';
export { type Environment, environmentVariables, readEnvironment, secretVariables } from './environment.ts';
export { configFileName, findConfigFile } from './find-config-file.ts';
export {
  type FeedbackConfig,
  feedbackSchema,
  type GitHubConfig,
  githubSchema,
  type QueueConfig,
  queueSchema,
  type ServerConfig,
  serverSchema,
} from './github-schema.ts';
export {
  type IncidentsConfig,
  incidentSeverities,
  incidentsSchema,
  productionActionKinds,
} from './incidents-schema.ts';
export { configJsonSchema } from './json-schema.ts';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.ts';
export { type ParsedConfig, parseConfig } from './parse-config.ts';
export { type PriceEntry, type PriceEntryInput, priceEntryInputSchema } from './price-entry-schema.ts';
export { categories, type ReviewConfig, reviewSchema, severities } from './review-schema.ts';
export {
  type AgentName,
  agentNames,
  type ConfigFile,
  type Limits,
  type Tier,
} from './schema.ts';
export { starterConfig } from './starter-config.ts';
