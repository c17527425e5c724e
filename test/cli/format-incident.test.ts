import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIncident } from '../../src/cli/commands/format-incident.ts';
import type { IncidentProposalsTable } from '../../src/store/index.ts';

const at = Date.UTC(2026, 10, 25, 9);

test('`incidents show` lists where each proposal stands at the approval gate, with the reason it ended', () => {
  const detail = {
    incident: {
      id: 'c0ffee01',
      title: 'Errors5xx on checkout',
      status: 'open' as const,
      source: 'alertmanager',
      groupKey: '{}:{alertname="Errors5xx"}',
      services: ['checkout'],
      severity: 'critical',
      alertCount: 2,
      openedAtMs: at,
      lastAlertAtMs: at,
      resolvedAtMs: null,
      triage: null,
      slackTs: null,
      updatedAtMs: at,
    },
    alerts: [],
  };
  const proposal = (overrides: Partial<IncidentProposalsTable>): IncidentProposalsTable => ({
    id: 'p1',
    incident_id: 'c0ffee01',
    action: 'roll back checkout',
    kind: 'rollback',
    target: null,
    rationale: 'worked before',
    evidence: '{}',
    origin: 'history',
    status: 'proposed',
    created_at_ms: at,
    approval_request_id: null,
    outcome_reason: null,
    ...overrides,
  });
  const text = formatIncident(detail, [
    proposal({
      status: 'rejected',
      approval_request_id: 'ar_0123456789',
      outcome_reason: 'rejected by bob: not now',
    }),
    proposal({ id: 'p2', action: 'restart checkout', kind: 'restart', approval_request_id: 'ar_abcdefabcd' }),
    proposal({ id: 'p3', action: 'scale checkout', kind: 'scale' }),
  ]);
  assert.match(
    text,
    /At the approval gate\n {2}rejected {2}ar_0123456789 {2}roll back checkout \[rollback\]: rejected by bob: not now\n {2}proposed {2}ar_abcdefabcd {2}restart checkout \[restart\]\n {2}proposed {2}not sent {2}scale checkout \[scale\]\n/,
  );
  assert.doesNotMatch(formatIncident(detail), /approval gate/);
});
