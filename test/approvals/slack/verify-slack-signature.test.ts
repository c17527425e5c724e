import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifySlackSignature } from '../../../src/approvals/slack/index.ts';
import { signSlackRequest, slackSigningSecret } from '../../support/slack-interactions.ts';

const nowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
const nowSeconds = nowMs / 1000;
const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

function check(
  headers: { 'x-slack-request-timestamp'?: string; 'x-slack-signature'?: string },
  rawBody = body,
) {
  return verifySlackSignature({
    rawBody,
    timestamp: headers['x-slack-request-timestamp'],
    signature: headers['x-slack-signature'],
    signingSecret: slackSigningSecret,
    nowMs,
  });
}

test('a request signed with the signing secret, just now, is accepted (string or bytes)', () => {
  const headers = signSlackRequest(body, { timestampSeconds: nowSeconds });
  assert.deepEqual(check(headers), { ok: true });
  assert.deepEqual(
    verifySlackSignature({
      rawBody: new TextEncoder().encode(body),
      timestamp: headers['x-slack-request-timestamp'],
      signature: headers['x-slack-signature'],
      signingSecret: slackSigningSecret,
      nowMs,
    }),
    { ok: true },
  );
});

test('a forged signature, another secret or a changed body is refused as bad_signature', () => {
  const forged = signSlackRequest(body, { timestampSeconds: nowSeconds, secret: 'not-the-secret' });
  assert.deepEqual(
    { ...check(forged), message: undefined },
    { ok: false, reason: 'bad_signature', message: undefined },
  );
  const signed = signSlackRequest(body, { timestampSeconds: nowSeconds });
  const tampered = check(signed, body.replace('block_actions', 'block_actionz'));
  assert.equal(tampered.ok, false);
  assert.equal(!tampered.ok && tampered.reason, 'bad_signature');
  // The signature covers the timestamp too: moving it breaks the signature.
  const moved = check({ ...signed, 'x-slack-request-timestamp': String(nowSeconds - 1) });
  assert.equal(!moved.ok && moved.reason, 'bad_signature');
});

test('a timestamp more than 5 minutes old is stale; more than 5 minutes ahead is future; 5 minutes is fine', () => {
  const stale = check(signSlackRequest(body, { timestampSeconds: nowSeconds - 6 * 60 }));
  assert.equal(!stale.ok && stale.reason, 'stale_timestamp');
  assert.match(!stale.ok ? stale.message : '', /more than 5 minutes old/);
  const future = check(signSlackRequest(body, { timestampSeconds: nowSeconds + 6 * 60 }));
  assert.equal(!future.ok && future.reason, 'future_timestamp');
  assert.deepEqual(check(signSlackRequest(body, { timestampSeconds: nowSeconds - 5 * 60 })), { ok: true });
  assert.deepEqual(check(signSlackRequest(body, { timestampSeconds: nowSeconds + 5 * 60 })), { ok: true });
});

test('missing or malformed headers are refused before any HMAC is computed', () => {
  const signed = signSlackRequest(body, { timestampSeconds: nowSeconds });
  for (const headers of [
    {},
    { 'x-slack-signature': signed['x-slack-signature'] },
    { 'x-slack-request-timestamp': signed['x-slack-request-timestamp'] },
    { ...signed, 'x-slack-signature': '' },
  ]) {
    const result = check(headers);
    assert.equal(!result.ok && result.reason, 'missing_headers', JSON.stringify(headers));
  }
  for (const headers of [
    { ...signed, 'x-slack-request-timestamp': '17e8' },
    { ...signed, 'x-slack-request-timestamp': '-1' },
    { ...signed, 'x-slack-signature': signed['x-slack-signature'].replace('v0=', 'v1=') },
    { ...signed, 'x-slack-signature': signed['x-slack-signature'].slice(0, -2) },
    { ...signed, 'x-slack-signature': `${signed['x-slack-signature']}00` },
  ]) {
    const result = check(headers);
    assert.equal(!result.ok && result.reason, 'malformed_headers', JSON.stringify(headers));
  }
});
