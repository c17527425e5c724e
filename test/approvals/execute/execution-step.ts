import type { ExecutionStep } from '../../../src/approvals/execute/index.ts';

/** A step as the executors receive it. */
export const step: ExecutionStep = {
  requestId: 'req_01',
  step: 2,
  steps: 3,
  idempotencyKey: 'req_01:2',
  kind: 'restart',
  environment: 'production',
  targets: ['api/api-1', 'api/api-2'],
  arguments: { grace_seconds: 30, note: 'ünïcode' },
  approvedBy: ['alice', 'bob'],
  reason: 'memory leak',
};
