import type { ExecutionStep } from './executor.ts';

/** The step on the wire (the webhook body, the command's stdin): snake_case keys. */
export interface ExecutionStepPayload {
  request_id: string;
  step: number;
  steps: number;
  idempotency_key: string;
  kind: string;
  environment: string;
  targets: string[];
  arguments: Record<string, unknown>;
  approved_by: string[];
  reason: string;
}

/** The step's wire form. */
export function stepPayload(step: ExecutionStep): ExecutionStepPayload {
  return {
    request_id: step.requestId,
    step: step.step,
    steps: step.steps,
    idempotency_key: step.idempotencyKey,
    kind: step.kind,
    environment: step.environment,
    targets: step.targets,
    arguments: step.arguments,
    approved_by: step.approvedBy,
    reason: step.reason,
  };
}
