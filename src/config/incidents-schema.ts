import { z } from 'zod';
import { count, fraction } from './schema-numbers.ts';

const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase name such as "balanced"');
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a label name such as "service"');
export const incidentSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** Action kinds that touch production: a suggested action of one of these kinds becomes a proposal. */
export const productionActionKinds = [
  'deploy',
  'rollback',
  'restart',
  'scale',
  'config_change',
  'infra_change',
  'failover',
  'flush_cache',
] as const;

/** Label values to match: exact strings, or `/regex/` written between slashes. */
const labelMatch = z.record(labelName, z.string().min(1));

const sourceSchema = z.strictObject({
  auth: z
    .enum(['bearer', 'hmac', 'none'])
    .default('bearer')
    .describe(
      'bearer: Authorization: Bearer <token>; hmac: X-Steward-Signature: sha256=<HMAC of the body>; none: no check (loopback only).',
    ),
});

/** The `incidents:` section: alert ingestion, grouping, triage, history, runbooks and actions. */
export const incidentsSchema = z.strictObject({
  tier: name.optional().describe('The tier the incident agent uses (default balanced).'),
  group_by: z
    .array(z.union([labelName, z.literal('...')]))
    .default(['alertname', 'service'])
    .describe(
      'Labels whose values make one group, as Alertmanager route group_by; ["..."] groups by every label.',
    ),
  group_window_minutes: count(30, 1).describe(
    'An incident stops taking alerts once its newest alert is older than this.',
  ),
  service_label: labelName.default('service').describe('The label naming the service an alert is about.'),
  dependencies: z
    .record(z.string().min(1), z.array(z.string().min(1)))
    .default({})
    .describe(
      'Service → services it depends on: alerts on a service and its dependencies within the window join one incident.',
    ),
  match: z
    .strictObject({
      fields: z
        .array(labelName)
        .default(['service'])
        .describe('Fields compared for alerts from PagerDuty and the generic source.'),
      mode: z
        .enum(['any', 'all'])
        .default('any')
        .describe(
          'any: one equal field joins the most recent open incident; all: every field must be equal.',
        ),
    })
    .prefault({}),
  severity_rules: z
    .array(z.strictObject({ match: labelMatch, severity: z.enum(incidentSeverities) }))
    .default([])
    .describe('First matching rule sets the severity; else the severity label; else medium.'),
  cause_rules: z
    .array(z.strictObject({ match: labelMatch, cause: z.string().min(1), confidence: fraction(0.7) }))
    .default([])
    .describe('Rules naming a likely cause when an alert matches.'),
  runbooks_dir: z
    .string()
    .min(1)
    .optional()
    .describe('Folder of Markdown runbooks, relative to .steward.yml.'),
  resolution_minutes: count(30, 1).describe(
    'An action counts as having worked when the incident resolved within this many minutes of it.',
  ),
  production_actions: z
    .array(z.enum(productionActionKinds))
    .default([...productionActionKinds])
    .describe('Action kinds that touch production: suggested ones become proposals for the approval gate.'),
  sources: z
    .strictObject({
      alertmanager: sourceSchema.prefault({}),
      pagerduty: sourceSchema.prefault({}),
      generic: sourceSchema.prefault({}),
    })
    .prefault({}),
  slack: z
    .strictObject({
      channel: z
        .string()
        .min(1)
        .optional()
        .describe('Channel for one message per incident, updated as it grows (needs SLACK_BOT_TOKEN).'),
      webhook_urls: z
        .array(z.url({ protocol: /^https?$/ }))
        .default([])
        .describe('Incoming webhooks: one message per new incident (an incoming webhook cannot edit it).'),
    })
    .prefault({}),
});

export type IncidentsConfig = z.output<typeof incidentsSchema>;
