import { z } from 'zod';
import { count, fraction } from './schema-numbers.ts';

/** Every kind of action an agent can propose. Anything else is refused. */
export const approvalActionKinds = [
  'deploy',
  'rollback',
  'restart',
  'scale',
  'config_change',
  'infra_change',
  'escalate',
  'page',
  'suggest',
  'analyse',
] as const;
export type ApprovalActionKind = (typeof approvalActionKinds)[number];

/** Kinds that change nothing: allowed without approval unless a rule says otherwise. */
export const readOnlyActionKinds: readonly ApprovalActionKind[] = ['suggest', 'analyse'];

const groupName = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase group name such as "sre"');
/** A person as named by `--by`, an approver token and `slack_users`. */
export const personName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/,
    'expected a person name such as "alice" or "alice@example.com"',
  );
const environmentName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase environment name such as "production"');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const ruleSchema = z.strictObject({
  kinds: z
    .array(z.enum(approvalActionKinds))
    .min(1)
    .optional()
    .describe('Action kinds the rule covers (default: every kind).'),
  environments: z
    .array(environmentName)
    .min(1)
    .optional()
    .describe('Environments the rule covers (default: every environment).'),
  wide: z
    .boolean()
    .default(false)
    .describe(
      'true: the rule covers only wide actions (over blast_radius.max_instance_share of a service, or every service); false: only the others.',
    ),
  decision: z
    .enum(['auto', 'approve', 'deny'])
    .describe('auto runs at once; approve waits for people; deny refuses.'),
  approvers: z
    .array(groupName)
    .default([])
    .describe('Groups whose members may approve (with decision: approve; default: every group).'),
  min_approvals: count(1, 1).describe('Approvals from distinct people needed (with decision: approve).'),
  wait_minutes: count(0).describe(
    'With decision: approve, the action runs this long after its last approval.',
  ),
});
export type ApprovalRule = z.output<typeof ruleSchema>;

/** The `approvals:` section: the gate every production-impacting action passes. */
export const approvalsSchema = z.strictObject({
  production_environments: z
    .array(environmentName)
    .min(1)
    .default(['production', 'prod'])
    .describe('Environments that are production; the others are non-production (auto by default).'),
  expiry_minutes: count(60, 1).describe(
    'A request not decided within this time expires; expiry is a denial.',
  ),
  groups: z.record(groupName, z.array(personName)).default({}).describe('Approver groups and their members.'),
  rules: z
    .array(ruleSchema)
    .default([])
    .describe(
      'First matching rule decides. None matching: read-only kinds (suggest, analyse) and non-production are auto, the rest is denied.',
    ),
  blast_radius: z
    .strictObject({
      max_targets_per_step: count(1, 1).describe('Targets (instances or hosts) changed in one step.'),
      max_instance_share: fraction(0.5).describe(
        "An action covering more than this share of a service's instances is wide.",
      ),
      inventory: z
        .record(z.string().min(1), z.array(z.string().min(1)).min(1))
        .default({})
        .describe('Service → its instances; targeting a service means all of them, one step at a time.'),
      inventory_url: httpUrl
        .optional()
        .describe(
          'GET {service} for the current instances (JSON array, or {"instances": [...]}); checked again before running.',
        ),
    })
    .prefault({}),
  health_check: z
    .strictObject({
      url: z
        .string()
        .regex(/^https?:\/\//, 'expected an http(s) URL; {target}, {service} and {request} are filled in')
        .optional()
        .describe('Probed after each step (GET; any 2xx is healthy); without it steps only pause.'),
      timeout_seconds: count(10, 1),
      attempts: count(3, 1).describe('Probes before a step counts as failed.'),
      interval_seconds: count(5).describe('Pause before each probe.'),
    })
    .prefault({}),
  executor: z
    .strictObject({
      webhook_url: httpUrl
        .optional()
        .describe(
          'POSTed each step as JSON, signed X-Steward-Signature: sha256=<HMAC> with STEWARD_EXECUTOR_SECRET.',
        ),
      command: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe('Run each step: argv; the step as JSON on stdin; exit 0 is success.'),
      timeout_seconds: count(300, 1),
    })
    .prefault({}),
  slack: z
    .strictObject({
      channel: z
        .string()
        .min(1)
        .optional()
        .describe('Channel for approval requests with Approve / Reject buttons (needs SLACK_BOT_TOKEN).'),
      users: z
        .record(
          z.string().regex(/^[UW][A-Z0-9]+$/, 'expected a Slack user id such as "U012AB3CD"'),
          personName,
        )
        .default({})
        .describe('Slack user id → person, for decisions taken with the buttons.'),
    })
    .prefault({}),
});

export type ApprovalsConfig = z.output<typeof approvalsSchema>;
