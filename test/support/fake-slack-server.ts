import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  /** Every text the message had, oldest first. */
  history: string[];
}

/**
 * A local server speaking the two Slack Web API methods Steward uses (`chat.postMessage`,
 * `chat.update`, answered as Slack does: HTTP 200 with `ok` and `error`) and incoming webhooks
 * (`POST /hooks/...`, answered `ok`).
 */
export async function startFakeSlackServer(token = 'xoxb-test') {
  const messages: SlackMessage[] = [];
  const webhookPosts: { path: string; text: string }[] = [];
  let counter = 1_700_000_000;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += String(chunk);
    });
    request.on('end', () => {
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      const parsed = JSON.parse(body || '{}') as { channel?: string; ts?: string; text?: string };
      const path = request.url ?? '';
      if (path.startsWith('/hooks/')) {
        webhookPosts.push({ path, text: parsed.text ?? '' });
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
        return;
      }
      if (request.headers.authorization !== `Bearer ${token}`)
        return reply(200, { ok: false, error: 'invalid_auth' });
      if (path === '/api/chat.postMessage') {
        counter += 1;
        const message = {
          channel: parsed.channel ?? '',
          ts: `${counter}.000100`,
          text: parsed.text ?? '',
          history: [parsed.text ?? ''],
        };
        messages.push(message);
        return reply(200, { ok: true, channel: message.channel, ts: message.ts });
      }
      if (path === '/api/chat.update') {
        const message = messages.find(
          (candidate) => candidate.ts === parsed.ts && candidate.channel === parsed.channel,
        );
        if (message === undefined) return reply(200, { ok: false, error: 'message_not_found' });
        message.text = parsed.text ?? '';
        message.history.push(message.text);
        return reply(200, { ok: true, channel: message.channel, ts: message.ts });
      }
      reply(404, { ok: false, error: 'unknown_method' });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    webhookUrl: `http://127.0.0.1:${port}/hooks/T000/B000/xyz`,
    token,
    messages,
    webhookPosts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
