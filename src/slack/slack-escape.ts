/** Slack mrkdwn escaping: &, < and > are the only characters Slack requires escaped. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
