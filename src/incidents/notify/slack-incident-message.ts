import { slackEscape } from '../../slack/index.ts';

/** What a Slack message about an incident says; the same text is posted and later updated. */
export interface IncidentMessageInput {
  id: string;
  title: string;
  status: 'open' | 'resolved';
  severity: string;
  services: readonly string[];
  alertCount: number;
  likelyCause?: string | undefined;
  confidence?: number | undefined;
  summary?: string | undefined;
  /** Where the incident can be seen (`steward incidents show ID`, or a dashboard URL). */
  link?: string | undefined;
}

const severityMark: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':white_circle:',
};

/** One message per incident: its state, size, services, and triage when there is one. */
export function incidentMessageText(incident: IncidentMessageInput): string {
  const state =
    incident.status === 'resolved'
      ? ':white_check_mark: resolved'
      : `${severityMark[incident.severity] ?? ''} ${incident.severity}`;
  const lines = [
    `*Incident ${incident.id}: ${slackEscape(incident.title)}* (${state.trim()})`,
    `${incident.alertCount} alert${incident.alertCount === 1 ? '' : 's'} · services: ${incident.services.length === 0 ? 'unknown' : slackEscape(incident.services.join(', '))}`,
  ];
  if (incident.likelyCause !== undefined) {
    const confidence =
      incident.confidence === undefined ? '' : ` (confidence ${Math.round(incident.confidence * 100)}%)`;
    lines.push(`Likely cause: ${slackEscape(incident.likelyCause)}${confidence}`);
  }
  if (incident.summary !== undefined && incident.summary !== '')
    lines.push(slackEscape(incident.summary.slice(0, 1_500)));
  lines.push(
    incident.link === undefined ? `\`steward incidents show ${incident.id}\`` : `<${incident.link}|details>`,
  );
  return lines.join('\n');
}
