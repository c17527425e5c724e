import type { IncidentDetail } from '../../incidents/index.ts';
import { parseStoredTriage } from '../../incidents/index.ts';
import type { IncidentProposalsTable } from '../../store/index.ts';

const time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** `steward incidents show`: the incident, its triage and its alerts, for a terminal. */
export function formatIncident(
  detail: IncidentDetail,
  proposals: readonly IncidentProposalsTable[] = [],
): string {
  const { incident, alerts } = detail;
  const lines = [
    `Incident ${incident.id}: ${incident.title}`,
    `  ${incident.status}, ${incident.severity}; ${incident.alertCount} alert(s); services ${incident.services.join(', ') || '-'}`,
    `  opened ${time(incident.openedAtMs)}, last alert ${time(incident.lastAlertAtMs)}${incident.resolvedAtMs === null ? '' : `, resolved ${time(incident.resolvedAtMs)}`}`,
  ];
  const triage = parseStoredTriage(incident.triage);
  if (triage === undefined) {
    lines.push('', 'Not triaged yet.');
  } else {
    lines.push('', 'Triage');
    if (triage.likelyCause !== undefined)
      lines.push(
        `  likely cause: ${triage.likelyCause} (confidence ${Math.round((triage.confidence ?? 0) * 100)}%; ${triage.basis})`,
      );
    if (triage.summary !== undefined) lines.push(`  summary (${triage.summaryBy}): ${triage.summary}`);
    for (const note of triage.notes) lines.push(`  note: ${note}`);
    lines.push('', 'Similar past incidents');
    if (triage.similar.length === 0) lines.push('  none in history');
    for (const similar of triage.similar)
      lines.push(
        `  ${similar.score.toFixed(2)}  ${similar.id}  ${similar.title}${similar.matched.length === 0 ? '' : `  (matched ${similar.matched.join(', ')})`}`,
      );
    lines.push('', 'Runbooks');
    if (triage.runbooks.length === 0) lines.push('  none matched');
    for (const runbook of triage.runbooks)
      lines.push(`  ${runbook.path}  ${runbook.title}  (${runbook.reason})`);
    lines.push('', 'Actions, best first');
    if (triage.actions.length === 0) lines.push('  none: no similar incident recorded an action');
    for (const action of triage.actions) lines.push(`  ${action.line}`);
    if (triage.proposals > 0)
      lines.push(
        '',
        `${triage.proposals} action(s) would touch production: proposed for approval, never run by Steward.`,
      );
  }
  if (proposals.length > 0) {
    lines.push('', 'At the approval gate');
    for (const proposal of proposals) {
      const request = proposal.approval_request_id === null ? 'not sent' : proposal.approval_request_id;
      const reason = proposal.outcome_reason === null ? '' : `: ${proposal.outcome_reason}`;
      lines.push(`  ${proposal.status.padEnd(9)} ${request}  ${proposal.action} [${proposal.kind}]${reason}`);
    }
  }
  lines.push('', 'Alerts');
  for (const alert of alerts)
    lines.push(
      `  ${alert.status.padEnd(8)} ${alert.fingerprint}  ${alert.alertname ?? '-'}  ${alert.service ?? '-'}  since ${time(alert.startsAtMs)}${alert.occurrences > 1 ? `  ×${alert.occurrences}` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}
