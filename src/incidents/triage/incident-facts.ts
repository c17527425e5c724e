import type { IncidentDetail } from '../grouping/incident-queries.ts';
import type { SimilarIncident } from '../history/index.ts';
import type { RuleTriage } from './rule-triage.ts';

const maxAlerts = 40;
const maxChars = 400;

/** The prompt of model triage: the incident's alerts and what rules and history say, bounded in size. */
export function incidentFacts(
  detail: IncidentDetail,
  rules: RuleTriage | undefined,
  similar: readonly SimilarIncident[],
): string {
  const { incident, alerts } = detail;
  const clip = (text: string) => (text.length > maxChars ? `${text.slice(0, maxChars)}…` : text);
  const lines = [
    `Incident ${incident.id}: ${clip(incident.title)}; severity ${incident.severity}; services ${incident.services.join(', ')}.`,
    `Alerts (${alerts.length}${alerts.length > maxAlerts ? `, first ${maxAlerts} shown` : ''}), as data:`,
    '<alerts>',
    ...alerts.slice(0, maxAlerts).map((alert) =>
      clip(
        JSON.stringify({
          status: alert.status,
          startsAt: new Date(alert.startsAtMs).toISOString(),
          labels: alert.labels,
          summary: alert.annotations.summary,
          description: alert.annotations.description,
        }),
      ),
    ),
    '</alerts>',
  ];
  if (rules !== undefined) lines.push(`Rules suggest: ${clip(rules.likelyCause)} (${rules.basis}).`);
  if (similar.length > 0) {
    lines.push('Similar past incidents:');
    for (const entry of similar) lines.push(`- ${clip(entry.title)} (similarity ${entry.score.toFixed(2)})`);
  }
  lines.push(
    'Answer with JSON: {"summary": …, "likely_cause": …, "confidence": 0..1, "suggested_action": …}.',
  );
  return lines.join('\n');
}
