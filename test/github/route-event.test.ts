import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubSchema } from '../../src/config/index.ts';
import { routeWebhookEvent, WebhookPayloadError } from '../../src/github/index.ts';
import { examplePayload, type Payload, pullRequestPayload } from '../support/webhooks.ts';

const config = githubSchema.parse({});
const head = 'c'.repeat(40);

test('opened, synchronize, reopened and ready_for_review queue one review of the head, keyed by it', () => {
  for (const action of ['opened', 'synchronize', 'reopened', 'ready_for_review']) {
    const decision = routeWebhookEvent(
      'pull_request',
      pullRequestPayload(action, { repo: 'acme/web', pr: 7, head, installationId: 42 }),
      config,
    );
    assert.deepEqual(
      decision,
      {
        kind: 'job',
        job: {
          kind: 'github.review-pull-request',
          payload: { repo: 'acme/web', pr: 7, head, full: false, installationId: 42 },
          dedupeKey: `review:acme/web#7@${head}`,
        },
      },
      action,
    );
  }
});

test('drafts are skipped unless github.review_drafts is set', () => {
  const draft = pullRequestPayload('opened', { repo: 'acme/web', pr: 7, head, draft: true });
  const skipped = routeWebhookEvent('pull_request', draft, config);
  assert.equal(skipped.kind, 'ignored');
  assert.match((skipped as { reason: string }).reason, /draft.*review_drafts/);
  assert.equal(
    routeWebhookEvent('pull_request', draft, githubSchema.parse({ review_drafts: true })).kind,
    'job',
  );
});

test('a closed pull request collects the last feedback; other actions are ignored with a reason', () => {
  const closed = routeWebhookEvent(
    'pull_request',
    pullRequestPayload('closed', { repo: 'acme/web', pr: 7, head }),
    config,
  );
  assert.deepEqual(closed, {
    kind: 'job',
    job: { kind: 'github.collect-feedback', payload: { repo: 'acme/web', pr: 7 } },
  });
  const labeled = routeWebhookEvent(
    'pull_request',
    pullRequestPayload('labeled', { repo: 'acme/web', pr: 7, head }),
    config,
  );
  assert.deepEqual(labeled, { kind: 'ignored', reason: 'pull_request labeled' });
  assert.equal(routeWebhookEvent('ping', examplePayload('ping'), config).kind, 'ignored');
  assert.equal(routeWebhookEvent('star', {}, config).kind, 'ignored');
});

function command(body: string, association = 'MEMBER', onPullRequest = true): Payload {
  const payload = examplePayload('issue_comment', 'created');
  payload.comment.body = body;
  payload.comment.author_association = association;
  payload.sender.type = 'User';
  payload.issue.number = 12;
  payload.repository.full_name = 'acme/web';
  if (onPullRequest) payload.issue.pull_request = { url: 'https://api.github.com/repos/acme/web/pulls/12' };
  else delete payload.issue.pull_request;
  return payload;
}

test('/steward commands from people with write access: review, full-review, pause, resume', () => {
  assert.deepEqual(routeWebhookEvent('issue_comment', command('/steward review'), config), {
    kind: 'job',
    job: { kind: 'github.review-pull-request', payload: { repo: 'acme/web', pr: 12, head: '', full: false } },
  });
  const full = routeWebhookEvent('issue_comment', command('Thanks!\n/steward full-review please'), config);
  assert.equal(
    full.kind === 'job' && full.job.kind === 'github.review-pull-request' && full.job.payload.full,
    true,
  );
  assert.deepEqual(routeWebhookEvent('issue_comment', command('/steward pause'), config), {
    kind: 'pause',
    repo: 'acme/web',
    pr: 12,
    actor: examplePayload('issue_comment', 'created').sender.login,
  });
  assert.equal(
    routeWebhookEvent('issue_comment', command('/steward resume', 'OWNER'), config).kind,
    'resume',
  );
});

test('commands from outsiders, on issues, unknown or absent are ignored, each with its reason', () => {
  const reasons = [
    command('/steward full-review', 'CONTRIBUTOR'),
    command('/steward full-review', 'NONE'),
    command('/steward review', 'MEMBER', false),
    command('/steward explode'),
    command('looks good to me'),
  ].map((payload) => {
    const decision = routeWebhookEvent('issue_comment', payload, config);
    assert.equal(decision.kind, 'ignored');
    return (decision as { reason: string }).reason;
  });
  assert.match(reasons[0]!, /not an owner, member or collaborator/);
  assert.match(reasons[1]!, /not an owner, member or collaborator/);
  assert.match(reasons[2]!, /pull requests only/);
  assert.match(reasons[3]!, /unknown command \/steward explode/);
  assert.match(reasons[4]!, /no \/steward command/);
});

test('a reply to a review comment and a resolved thread are feedback on the first comment', () => {
  const reply = examplePayload('pull_request_review_comment', 'created');
  reply.comment.in_reply_to_id = 555;
  reply.comment.body = 'Not a bug: the id is validated upstream.';
  assert.deepEqual(routeWebhookEvent('pull_request_review_comment', reply, config), {
    kind: 'feedback',
    feedback: 'reply',
    commentId: 555,
    actor: reply.comment.user.login,
    detail: 'Not a bug: the id is validated upstream.',
  });
  const first = examplePayload('pull_request_review_comment', 'created');
  assert.equal(routeWebhookEvent('pull_request_review_comment', first, config).kind, 'ignored');
  const resolved = examplePayload('pull_request_review_thread', 'resolved');
  const decision = routeWebhookEvent('pull_request_review_thread', resolved, config);
  assert.deepEqual(decision, {
    kind: 'feedback',
    feedback: 'resolved',
    commentId: resolved.thread.comments[0].id,
    actor: resolved.sender.login,
  });
});

test('installation events keep the installation and its state', () => {
  const created = examplePayload('installation', 'created');
  assert.deepEqual(routeWebhookEvent('installation', created, config), {
    kind: 'installation',
    id: created.installation.id,
    account: created.installation.account.login,
    status: 'active',
  });
  const suspended = routeWebhookEvent('installation', examplePayload('installation', 'suspend'), config);
  assert.equal(suspended.kind === 'installation' && suspended.status, 'suspended');
  const deleted = routeWebhookEvent('installation', examplePayload('installation', 'deleted'), config);
  assert.equal(deleted.kind === 'installation' && deleted.status, 'deleted');
});

test('a payload without the fields its event promises is refused, naming the field', () => {
  const payload = pullRequestPayload('opened', { repo: 'acme/web', pr: 7, head });
  payload.pull_request.head.sha = 'not-a-sha';
  assert.throws(
    () => routeWebhookEvent('pull_request', payload, config),
    (error: unknown) => error instanceof WebhookPayloadError && /pull_request\.head\.sha/.test(error.message),
  );
  assert.throws(() => routeWebhookEvent('issue_comment', [], config), WebhookPayloadError);
});

test('any JSON at all either routes or is refused as a payload error: nothing else is thrown', () => {
  const events = [
    'pull_request',
    'issue_comment',
    'pull_request_review_comment',
    'pull_request_review_thread',
    'installation',
    'installation_repositories',
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values = [null, 0, -1, 1.5, '', 'x', true, [], {}, 'opened', 2 ** 53];
  for (let round = 0; round < 2_000; round += 1) {
    const event = events[Math.floor(random() * events.length)]!;
    const payload = examplePayload(event);
    // Replace one leaf or object somewhere in a recorded payload with a random value.
    let node: Payload = payload;
    for (let depth = 0; depth < 4 && node !== null && typeof node === 'object'; depth += 1) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[Math.floor(random() * keys.length)]!;
      if (depth === 3 || random() < 0.3 || node[key] === null || typeof node[key] !== 'object') {
        node[key] = values[Math.floor(random() * values.length)];
        break;
      }
      node = node[key];
    }
    try {
      routeWebhookEvent(event, payload, config);
    } catch (error) {
      assert.ok(error instanceof WebhookPayloadError, `${event}: ${String(error)}`);
    }
  }
});
