// Executing approved actions: blast radius, steps, executors and the health check.
export {
  assessBlastRadius,
  type BlastRadius,
  planSteps,
  serviceOfUnit,
  targetDigest,
  targetUnits,
} from './blast-radius.ts';
export { type CommandExecutorOptions, createCommandExecutor } from './command-executor.ts';
export {
  type CreateExecutorOptions,
  createExecutor,
  type ExecutionStep,
  type Executor,
  type ExecutorConfig,
  type ExecutorResult,
} from './executor.ts';
export {
  signExecutorBody,
  type VerifyExecutorSignatureOptions,
  verifyExecutorSignature,
} from './executor-signature.ts';
export {
  createHealthCheck,
  type HealthCheck,
  type HealthCheckConfig,
  type HealthCheckInput,
  type HealthCheckOptions,
  type HealthCheckResult,
} from './health-check.ts';
export {
  type Inventory,
  type InventoryConfig,
  InventoryError,
  type LoadInventoryOptions,
  loadInventory,
} from './inventory.ts';
export { type ExecutionStepPayload, stepPayload } from './step-payload.ts';
export { createWebhookExecutor, type WebhookExecutorOptions } from './webhook-executor.ts';
