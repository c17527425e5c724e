import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSlackNotifier } from '../../../src/incidents/notify/slack-notifier.ts';
import { createLogger } from '../../../src/logging/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { startFakeSlackServer } from '../../support/fake-slack-server.ts';

let slack: Awaited<ReturnType<typeof startFakeSlackServer>>;
before(async () => {
  slack = await startFakeSlackServer();
});
after(async () => {
  await slack.close();
});

const logger = createLogger({ format: 'json', level: 'silent' });
const incident = (id: string, alertCount: number, status: 'open' | 'resolved' = 'open') => ({
  id,
  title: 'HighLatency on api <prod>',
  status,
  severity: 'high',
  services: ['api', 'db'],
  alertCount,
  likelyCause: 'db: replication lag',
  confidence: 0.6,
});

forEachDatabase('Slack incident messages', (database) => {
  test('one message per incident, updated as it grows and when it resolves; webhooks hear of new incidents only', async () => {
    const store = await database.open();
    const id = database.dialect === 'sqlite' ? 'aaaa0001' : 'aaaa0002';
    await store.db
      .insertInto('incidents')
      .values({
        id,
        title: 't',
        status: 'open',
        source: 'alertmanager',
        group_key: '{}:{}',
        services: '[]',
        severity: 'high',
        alert_count: 1,
        opened_at_ms: 1,
        last_alert_at_ms: 1,
        resolved_at_ms: null,
        triage: null,
        slack_ts: null,
        updated_at_ms: 1,
      })
      .execute();
    const notifier = createSlackNotifier({
      db: store.db,
      channel: '#incidents',
      botToken: slack.token,
      apiUrl: slack.apiUrl,
      webhookUrls: [slack.webhookUrl],
      logger,
    });
    const before = slack.messages.length;
    // Two workers told about the new incident at once still post one message.
    await Promise.all([notifier.notify(incident(id, 1), true), notifier.notify(incident(id, 1), true)]);
    await notifier.notify(incident(id, 3), false);
    await notifier.notify(incident(id, 3, 'resolved'), false);
    const mine = slack.messages.slice(before);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.channel, '#incidents');
    assert.match(mine[0]!.text, /\*Incident [0-9a-f]{8}: HighLatency on api &lt;prod&gt;\*/);
    assert.match(mine[0]!.text, /3 alerts/);
    assert.match(mine[0]!.text, /resolved/);
    assert.match(mine[0]!.text, /Likely cause: db: replication lag \(confidence 60%\)/);
    assert.ok(mine[0]!.history.length >= 3);
    const row = await store.db
      .selectFrom('incidents')
      .select('slack_ts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.slack_ts, mine[0]!.ts);
    assert.equal(
      slack.webhookPosts.filter((post) => post.text.includes(id)).length,
      2,
      'each of the two new-incident notices',
    );
  });

  test('a Slack that refuses is logged, not thrown; a later update posts anew', async () => {
    const store = await database.open();
    const id = database.dialect === 'sqlite' ? 'bbbb0001' : 'bbbb0002';
    await store.db
      .insertInto('incidents')
      .values({
        id,
        title: 't',
        status: 'open',
        source: 'generic',
        group_key: 'k',
        services: '[]',
        severity: 'low',
        alert_count: 1,
        opened_at_ms: 1,
        last_alert_at_ms: 1,
        resolved_at_ms: null,
        triage: null,
        slack_ts: null,
        updated_at_ms: 1,
      })
      .execute();
    const wrong = createSlackNotifier({
      db: store.db,
      channel: '#x',
      botToken: 'xoxb-wrong',
      apiUrl: slack.apiUrl,
      webhookUrls: [],
      logger,
    });
    await wrong.notify(incident(id, 1), true);
    const after = await store.db
      .selectFrom('incidents')
      .select('slack_ts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(after.slack_ts, null, 'the claim is given back');
    const right = createSlackNotifier({
      db: store.db,
      channel: '#x',
      botToken: slack.token,
      apiUrl: slack.apiUrl,
      webhookUrls: [],
      logger,
    });
    await right.notify(incident(id, 2), false);
    assert.equal(slack.messages.filter((message) => message.text.includes(id)).length, 1);
  });
});
