// The Slack Web API as Steward uses it: one call, never thrown, and mrkdwn escaping.
export { slackEscape } from './slack-escape.ts';
export { callSlackApi, defaultSlackApiUrl, type SlackApiAnswer } from './slack-web-api.ts';
