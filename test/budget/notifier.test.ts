import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { type BudgetEvent, createNotifier } from '../../src/budget/index.ts';
import { createLogger } from '../../src/logging/index.ts';

/** A local HTTP server that records every POST; `/broken` answers 500. */
async function receiver() {
  const received: { path: string; body: unknown }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.statusCode = request.url === '/broken' ? 500 : 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { base, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const event: BudgetEvent = {
  type: 'budget-threshold-crossed',
  scope: 'repo:acme/api',
  window: 'month:2026-11',
  threshold: 0.8,
  spentMicros: 80_500_000,
  limitMicros: 100_000_000,
  refused: false,
  at: Date.parse('2026-11-25T10:00:00Z'),
};

test('an alert is logged, POSTed as JSON to each webhook and sent to Slack as text', async () => {
  const server = await receiver();
  const lines: string[] = [];
  try {
    const notify = createNotifier({
      logger: createLogger({ format: 'json', write: (line) => lines.push(line) }),
      webhooks: [`${server.base}/hook`],
      slackWebhooks: [`${server.base}/services/T000/B000/secret`],
    });
    await notify(event);
    const text = 'Steward budget repo:acme/api reached 80% of its month:2026-11 limit: $80.50 of $100.00.';
    assert.deepEqual(
      server.received.sort((a, b) => (a.path < b.path ? -1 : 1)),
      [
        { path: '/hook', body: { ...event, text } },
        { path: '/services/T000/B000/secret', body: { text } },
      ],
    );
    assert.equal(lines.length, 1);
    const logged = JSON.parse(lines[0]!) as { level: number; msg: string; event: string };
    assert.deepEqual([logged.level, logged.msg, logged.event], [40, text, 'budget-threshold-crossed']);
  } finally {
    await server.close();
  }
});

test('a webhook that fails or cannot be reached is logged without its secret path and does not throw', async () => {
  const server = await receiver();
  const lines: string[] = [];
  try {
    const notify = createNotifier({
      logger: createLogger({ format: 'json', write: (line) => lines.push(line) }),
      webhooks: [`${server.base}/broken`, 'http://127.0.0.1:1/unreachable-token'],
      slackWebhooks: [],
    });
    await notify({
      type: 'agent-paused',
      agent: 'review',
      reason: 'too fast',
      lastHourMicros: 9_000_000,
      at: 0,
    });
    const failures = lines
      .map((line) => JSON.parse(line) as { msg: string; url?: string; status?: number })
      .filter((line) => line.msg === 'budget alert delivery failed');
    assert.equal(failures.length, 2);
    assert.ok(failures.some((line) => line.status === 500));
    assert.ok(lines.every((line) => !line.includes('unreachable-token') && !line.includes('/broken')));
  } finally {
    await server.close();
  }
});
