import { z } from 'zod';

/** Where the Slack Web API is: `SLACK_API_URL`, default https://slack.com/api. */
export const defaultSlackApiUrl = 'https://slack.com/api';

const answerSchema = z.object({
  ok: z.boolean(),
  ts: z.string().optional(),
  channel: z.string().optional(),
  error: z.string().optional(),
});
/** Slack's answer: HTTP 200 with `ok`, and `error` when not ok. */
export type SlackApiAnswer = z.output<typeof answerSchema>;

/**
 * Calls one Web API method (`chat.postMessage`, `chat.update`) with the bot token, as JSON. Never
 * throws: a network failure, a timeout or an answer that is not Slack's comes back as `ok: false`.
 */
export async function callSlackApi(
  options: { apiUrl?: string | undefined; botToken: string; fetch?: typeof fetch | undefined },
  method: string,
  body: object,
): Promise<SlackApiAnswer> {
  const send = options.fetch ?? fetch;
  const base = (options.apiUrl ?? defaultSlackApiUrl).replace(/\/+$/, '');
  try {
    const response = await send(`${base}/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${options.botToken}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: `HTTP ${response.status}: the answer is not JSON` };
    }
    const parsed = answerSchema.safeParse(json);
    if (!parsed.success) return { ok: false, error: `HTTP ${response.status}: the answer is not Slack's` };
    if (!parsed.data.ok && parsed.data.error === undefined)
      return { ...parsed.data, error: `HTTP ${response.status}` };
    return parsed.data;
  } catch (error) {
    return { ok: false, error: `request failed: ${(error as Error).message}` };
  }
}
