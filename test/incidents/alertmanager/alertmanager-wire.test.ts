// What a real Alertmanager (0.25, Debian's prometheus-alertmanager) sends to a webhook receiver, checked
// against Steward's own reading of it: the alert fingerprint (alertFingerprint) and the group key. The
// receiver is a small node:http server, not Steward's: these tests pin down the wire format itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alertFingerprint } from '../../../src/incidents/alerts/fingerprint.ts';
import { parseAlertmanagerWebhook } from '../../../src/incidents/index.ts';
import {
  type AlertmanagerOptions,
  alertmanagerSkip,
  type PostableAlert,
  type ReceivedNotification,
  type RunningAlertmanager,
  startAlertmanager,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../support/alertmanager.ts';

/** Go's zero time: what the webhook shows as endsAt for a firing alert posted without one. */
const goZeroTime = '0001-01-01T00:00:00Z';

/**
 * Go's strconv.Quote (fmt `%q`): backslash before `"` and `\`; printable runes (Unicode letters, marks,
 * numbers, punctuation, symbols, and the ASCII space) as they are; \a \b \f \n \r \t \v; other runes below
 * U+0020 and U+007F as \xNN; other unprintable runes as \uNNNN or \UNNNNNNNN (lowercase hex).
 */
function goQuote(value: string): string {
  let quoted = '"';
  for (const character of value) {
    const rune = character.codePointAt(0)!;
    if (character === '"' || character === '\\') {
      quoted += `\\${character}`;
    } else if (
      rune === 0x20 ||
      (rune > 0x20 && rune !== 0x7f && /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(character))
    ) {
      quoted += character;
    } else if (shortEscapes[rune] !== undefined) {
      quoted += shortEscapes[rune];
    } else if (rune < 0x20 || rune === 0x7f) {
      quoted += `\\x${hex(rune, 2)}`;
    } else if (rune < 0x10000) {
      quoted += `\\u${hex(rune, 4)}`;
    } else {
      quoted += `\\U${hex(rune, 8)}`;
    }
  }
  return `${quoted}"`;
}
const shortEscapes: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};
const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * Alertmanager's groupKey for a group of the root route: the route's key `{}`, a colon, then the group
 * labels as prometheus/common LabelSet.String() writes them: each pair as `name=%q`, the pairs sorted as
 * strings (byte order) — so `a0="…"` comes before `a="…"`, since `0` < `=` — joined by ", " inside braces.
 */
function expectedGroupKey(groupLabels: Record<string, string>): string {
  const pairs = Object.entries(groupLabels)
    .map(([name, value]) => `${name}=${goQuote(value)}`)
    .sort((left, right) => Buffer.compare(Buffer.from(left), Buffer.from(right)));
  return `{}:{${pairs.join(', ')}}`;
}

/** Alertmanager drops labels whose value is empty before it stores (and fingerprints) an alert. */
function withoutEmptyValues(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([, value]) => value !== ''));
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env.ALERTMANAGER_PROPERTY_SEED ?? 20_250_401);

/** ~200 distinct label sets: ASCII names (with names that sort tellingly), values of every awkward kind. */
function randomLabelSets(count: number): Record<string, string>[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
  const rest = `${first}0123456789`;
  // Names whose order differs between "sort the names" and "sort the name=value strings", or by case.
  const edgeNames = [
    'a',
    'a_b',
    'a0',
    'a_',
    'aa',
    'B',
    'b',
    'A',
    'Z',
    '_',
    '_a',
    '__name__',
    'alertname',
    'service',
  ];
  const printable = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~';
  // Unicode values (names must be ASCII): printable runes of several planes and categories, and runes
  // Go's %q escapes (NBSP, zero-width space, line separator, BOM, ideographic space, private use, ZWJ).
  const unicode = [
    'é',
    'ß',
    'Ω',
    'Ж',
    '日本語',
    '中',
    '€',
    '→',
    '\u0301',
    '🚀',
    '😀',
    '\u{1F468}\u200D\u{1F4BB}',
    '\u00a0',
    '\u200b',
    '\u2028',
    '\ufeff',
    '\u3000',
    '\ue000',
    '\u{10FFFD}',
  ];
  const controls = ['\n', '\t', '\r', '\x00', '\x07', '\x08', '\x0b', '\x0c', '\x1b', '\x7f'];
  const name = (): string => {
    if (next() < 0.4) return pick(edgeNames);
    let text = pick([...first]);
    const length = Math.floor(next() * 8);
    for (let index = 0; index < length; index += 1) text += pick([...rest]);
    return text;
  };
  const value = (): string => {
    const kind = next();
    if (kind < 0.12) return '';
    const length = 1 + Math.floor(next() * (kind > 0.95 ? 120 : 12));
    let text = '';
    for (let index = 0; index < length; index += 1) {
      const roll = next();
      text += roll < 0.6 ? pick([...printable]) : roll < 0.85 ? pick(unicode) : pick(controls);
    }
    return text;
  };
  const sets: Record<string, string>[] = [];
  const seen = new Set<string>();
  while (sets.length < count) {
    const labels: Record<string, string> = {};
    const size = 1 + Math.floor(next() * 6);
    for (let index = 0; index < size; index += 1) labels[name()] = value();
    if (next() < 0.15) {
      // A name and the same name plus a digit: `x9="…"` sorts before `x="…"`.
      const prefix = name();
      labels[prefix] = value() || 'p';
      labels[`${prefix}${Math.floor(next() * 10)}`] = value() || 'q';
    }
    const kept = withoutEmptyValues(labels);
    if (Object.keys(kept).length === 0) continue; // "at least one label pair required"
    const key = alertFingerprint(kept);
    if (seen.has(key)) continue;
    seen.add(key);
    sets.push(labels);
  }
  return sets;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Runs `body` against a fresh receiver and an Alertmanager sending to it; both are closed afterwards. */
async function withAlertmanager(
  options: Omit<AlertmanagerOptions, 'webhookUrl'>,
  body: (alertmanager: RunningAlertmanager, receiver: WebhookReceiver) => Promise<void>,
): Promise<void> {
  const receiver = await startWebhookReceiver();
  try {
    const alertmanager = await startAlertmanager({ ...options, webhookUrl: receiver.url });
    try {
      await body(alertmanager, receiver);
    } finally {
      await alertmanager.close();
    }
  } finally {
    await receiver.close();
  }
}

describe('Alertmanager 0.25 on the wire', { skip: alertmanagerSkip() }, () => {
  describe('200 random label sets, each its own group (group_by: [...]), with a bearer token', () => {
    const token = 'steward-test-token "with" \\ quotes';
    const labelSets = randomLabelSets(200);
    let receiver: WebhookReceiver;
    let alertmanager: RunningAlertmanager;
    let posted: PostableAlert[];
    const byFingerprint = new Map<string, ReceivedNotification>();

    before(async () => {
      receiver = await startWebhookReceiver();
      alertmanager = await startAlertmanager({
        webhookUrl: receiver.url,
        bearerToken: token,
        groupBy: ['...'],
      });
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      posted = labelSets.map((labels, index) => ({
        labels,
        annotations: { summary: `alert ${index}`, description: labels[Object.keys(labels)[0]!] ?? '' },
        ...(index % 2 === 0 ? { startsAt } : {}),
        ...(index % 3 === 0
          ? { generatorURL: `http://prometheus.example/graph?g0.expr=up%7Bi%3D${index}%7D` }
          : {}),
      }));
      await alertmanager.postAlerts(posted);
      await receiver.waitFor((notifications) => {
        for (const notification of notifications) {
          for (const alert of notification.payload.alerts) byFingerprint.set(alert.fingerprint, notification);
        }
        return byFingerprint.size >= labelSets.length;
      }, 30_000);
    });
    after(async () => {
      await alertmanager?.close();
      await receiver?.close();
    });

    test('the sets hold the awkward cases', () => {
      const values = labelSets.flatMap((labels) => Object.values(labels));
      const count = (predicate: (value: string) => boolean) => values.filter(predicate).length;
      assert.ok(count((value) => value === '') >= 10, 'empty values');
      assert.ok(count((value) => value.includes('"')) >= 10, 'quotes');
      assert.ok(count((value) => value.includes('\\')) >= 10, 'backslashes');
      assert.ok(count((value) => value.includes('\n')) >= 5, 'newlines');
      assert.ok(
        count((value) => [...value].some((character) => character.codePointAt(0)! > 0x7f)) >= 50,
        'non-ASCII values',
      );
      assert.ok(count((value) => /[\u{10000}-\u{10FFFF}]/u.test(value)) >= 10, 'runes above U+FFFF');
      // Sets where sorting the names and sorting the name="value" pairs disagree (a before a0, a0= before a=).
      const disagree = labelSets.filter((labels) => {
        const names = Object.keys(withoutEmptyValues(labels));
        const byName = [...names].sort();
        const byPair = [...names].sort((x, y) => (`${x}=` < `${y}=` ? -1 : 1));
        return byName.join() !== byPair.join();
      });
      assert.ok(
        disagree.length >= 5,
        `only ${disagree.length} sets where pair order differs from name order`,
      );
      const mixedCase = labelSets.filter((labels) => {
        const names = Object.keys(labels);
        return names.some((name) => /^[A-Z]/.test(name)) && names.some((name) => /^[a-z_]/.test(name));
      });
      assert.ok(
        mixedCase.length >= 20,
        'upper-case names (sorted before lower-case and _) beside lower-case ones',
      );
    });

    test(`every fingerprint equals alertFingerprint of the labels (seed ${seed})`, () => {
      for (const [index, labels] of labelSets.entries()) {
        const kept = withoutEmptyValues(labels);
        const notification = byFingerprint.get(alertFingerprint(kept));
        assert.ok(notification, `no alert with the fingerprint of set ${index}: ${JSON.stringify(labels)}`);
        const [alert] = notification.payload.alerts;
        assert.deepEqual(alert?.labels, kept, `set ${index}: the labels came back changed`);
      }
      assert.equal(byFingerprint.size, labelSets.length);
    });

    test('GET /api/v2/alerts lists the same fingerprints and labels', async () => {
      const listed = await alertmanager.alerts();
      assert.equal(listed.length, labelSets.length);
      for (const alert of listed) {
        assert.equal(alert.fingerprint, alertFingerprint(alert.labels));
        assert.equal(alert.status.state, 'active');
      }
      assert.deepEqual(
        new Set(listed.map((alert) => alert.fingerprint)),
        new Set(labelSets.map((labels) => alertFingerprint(withoutEmptyValues(labels)))),
      );
    });

    test('the groupKey is {}:{name="value", …} with Go-quoted values, pairs sorted as strings', () => {
      for (const notification of byFingerprint.values()) {
        const { payload } = notification;
        assert.equal(payload.groupKey, expectedGroupKey(payload.alerts[0]!.labels));
        assert.equal(payload.groupKey, expectedGroupKey(payload.groupLabels));
      }
    });

    test('payloads are version 4 with the documented fields', () => {
      const fields = [
        'alerts',
        'commonAnnotations',
        'commonLabels',
        'externalURL',
        'groupKey',
        'groupLabels',
        'receiver',
        'status',
        'truncatedAlerts',
        'version',
      ];
      const alertFields = [
        'annotations',
        'endsAt',
        'fingerprint',
        'generatorURL',
        'labels',
        'startsAt',
        'status',
      ];
      const postedByFingerprint = new Map(
        posted.map((alert) => [alertFingerprint(withoutEmptyValues(alert.labels)), alert]),
      );
      for (const { payload } of receiver.notifications) {
        assert.deepEqual(Object.keys(payload).sort(), fields);
        assert.equal(payload.version, '4');
        assert.equal(payload.receiver, 'steward-test');
        assert.equal(payload.status, 'firing');
        assert.equal(payload.truncatedAlerts, 0);
        assert.equal(typeof payload.externalURL, 'string');
        assert.equal(payload.alerts.length, 1, 'group_by [...] makes one group per label set');
        const [alert] = payload.alerts;
        assert.ok(alert);
        assert.deepEqual(Object.keys(alert).sort(), alertFields);
        assert.deepEqual(payload.groupLabels, alert.labels);
        assert.deepEqual(payload.commonLabels, alert.labels);
        assert.deepEqual(payload.commonAnnotations, alert.annotations);
        const sent = postedByFingerprint.get(alert.fingerprint);
        assert.ok(sent);
        assert.equal(alert.status, 'firing');
        assert.deepEqual(alert.annotations, sent.annotations);
        assert.equal(alert.generatorURL, sent.generatorURL ?? '');
        if (sent.startsAt !== undefined) {
          assert.equal(Date.parse(alert.startsAt), Date.parse(sent.startsAt));
        } else {
          assert.ok(Number.isFinite(Date.parse(alert.startsAt)));
        }
        // Posted without endsAt: Alertmanager times it out after resolve_timeout, but sends the zero time.
        assert.equal(alert.endsAt, goZeroTime);
      }
    });

    test("Steward's parseAlertmanagerWebhook reads every payload, fingerprints checked", () => {
      for (const { payload } of receiver.notifications) {
        const notification = parseAlertmanagerWebhook(payload);
        assert.equal(notification.groupKey, payload.groupKey);
        assert.deepEqual(
          notification.alerts.map((alert) => [alert.fingerprint, alert.status, alert.endsAt]),
          payload.alerts.map((alert) => [alert.fingerprint, alert.status, undefined]),
        );
      }
    });

    test('the bearer token arrives in the Authorization header of every notification', () => {
      assert.ok(receiver.notifications.length >= labelSets.length);
      for (const notification of receiver.notifications) {
        assert.equal(notification.headers.authorization, `Bearer ${token}`);
        assert.equal(notification.headers['content-type'], 'application/json');
      }
    });
  });

  test('the groupKey of documented examples, written out', async () => {
    await withAlertmanager({ groupBy: ['...'], groupWaitMs: 0 }, async (alertmanager, receiver) => {
      await alertmanager.postAlerts([
        { labels: { alertname: 'Sorting', a: 'x', a0: 'y', a_b: 'z', B: 'w' } },
        { labels: { alertname: 'Quoting', v: 'say "hi" \\ bye\nnext\tcol é 日本 🚀 \u00a0 \x7f' } },
      ]);
      await receiver.waitFor((notifications) => notifications.length >= 2);
      const keys = receiver.notifications.map((notification) => notification.payload.groupKey).sort();
      assert.deepEqual(keys, [
        '{}:{B="w", a0="y", a="x", a_b="z", alertname="Sorting"}',
        '{}:{alertname="Quoting", v="say \\"hi\\" \\\\ bye\\nnext\\tcol é 日本 🚀 \\u00a0 \\x7f"}',
      ]);
      for (const { headers } of receiver.notifications) assert.equal(headers.authorization, undefined);
    });
  });

  test('group_by [alertname, service] groups instances; an alert without service groups by alertname alone', async () => {
    await withAlertmanager({ groupBy: ['alertname', 'service'] }, async (alertmanager, receiver) => {
      const alert = (alertname: string, service: string | undefined, instance: string): PostableAlert => ({
        labels: { alertname, ...(service === undefined ? {} : { service }), instance, severity: 'critical' },
        annotations: { summary: `${alertname} on ${instance}` },
      });
      await alertmanager.postAlerts([
        alert('HighLatency', 'checkout', 'checkout-0:9100'),
        alert('HighLatency', 'checkout', 'checkout-1:9100'),
        alert('HighLatency', 'checkout', 'checkout-2:9100'),
        alert('HighLatency', 'payments', 'payments-0:9100'),
        alert('HighLatency', 'payments', 'payments-1:9100'),
        alert('DiskFull', undefined, 'db-0:9100'),
      ]);
      await receiver.waitFor((notifications) => notifications.length >= 3);
      await sleep(300); // nothing more should come
      const byKey = new Map(receiver.notifications.map(({ payload }) => [payload.groupKey, payload]));
      assert.equal(receiver.notifications.length, 3);
      assert.deepEqual([...byKey.keys()].sort(), [
        '{}:{alertname="DiskFull"}',
        '{}:{alertname="HighLatency", service="checkout"}',
        '{}:{alertname="HighLatency", service="payments"}',
      ]);
      const checkout = byKey.get('{}:{alertname="HighLatency", service="checkout"}')!;
      assert.deepEqual(checkout.groupLabels, { alertname: 'HighLatency', service: 'checkout' });
      assert.deepEqual(checkout.commonLabels, {
        alertname: 'HighLatency',
        service: 'checkout',
        severity: 'critical',
      });
      assert.deepEqual(checkout.commonAnnotations, {});
      assert.deepEqual(checkout.alerts.map((item) => item.labels.instance).sort(), [
        'checkout-0:9100',
        'checkout-1:9100',
        'checkout-2:9100',
      ]);
      for (const item of checkout.alerts) assert.equal(item.fingerprint, alertFingerprint(item.labels));
      const disk = byKey.get('{}:{alertname="DiskFull"}')!;
      assert.deepEqual(disk.groupLabels, { alertname: 'DiskFull' });
      for (const payload of byKey.values())
        assert.equal(payload.groupKey, expectedGroupKey(payload.groupLabels));
    });
  });

  test('resolved alerts (endsAt in the past) arrive as resolved with send_resolved', async () => {
    await withAlertmanager(
      { groupBy: ['alertname'], groupIntervalMs: 200 },
      async (alertmanager, receiver) => {
        const a = { alertname: 'Resolving', instance: 'a' };
        const b = { alertname: 'Resolving', instance: 'b' };
        const never = { alertname: 'BornResolved', instance: 'c' };
        await alertmanager.postAlerts([{ labels: a }, { labels: b }]);
        await receiver.waitFor((notifications) => notifications.length >= 1);
        assert.equal(receiver.notifications[0]!.payload.status, 'firing');
        assert.equal(receiver.notifications[0]!.payload.alerts.length, 2);

        // One of two resolves: the group is still firing and lists the resolved alert once.
        const endsAt = new Date(Date.now() - 1_000).toISOString();
        await alertmanager.postAlerts([
          { labels: a, endsAt },
          // An alert Alertmanager never saw firing: resolved on arrival, so it is never sent.
          { labels: never, endsAt },
        ]);
        await receiver.waitFor((notifications) => notifications.length >= 2);
        const second = receiver.notifications[1]!.payload;
        assert.equal(second.status, 'firing');
        const statuses = Object.fromEntries(second.alerts.map((alert) => [alert.labels.instance, alert]));
        assert.equal(statuses.a?.status, 'resolved');
        assert.equal(Date.parse(statuses.a!.endsAt), Date.parse(endsAt));
        assert.equal(statuses.a?.fingerprint, alertFingerprint(a));
        assert.equal(statuses.b?.status, 'firing');
        assert.equal(statuses.b?.endsAt, goZeroTime);
        const parsed = parseAlertmanagerWebhook(second).alerts;
        const byInstance = Object.fromEntries(parsed.map((alert) => [alert.labels.instance, alert]));
        assert.equal(byInstance.a?.status, 'resolved');
        assert.equal(byInstance.a?.endsAt, Date.parse(endsAt));
        assert.equal(byInstance.b?.status, 'firing');
        assert.equal(byInstance.b?.endsAt, undefined);

        await alertmanager.postAlerts([{ labels: b, endsAt }]);
        await receiver.waitFor((notifications) =>
          notifications.some((item) => item.payload.status === 'resolved'),
        );
        const last = receiver.notifications.at(-1)!.payload;
        assert.equal(last.status, 'resolved');
        assert.equal(last.groupKey, '{}:{alertname="Resolving"}');
        assert.ok(last.alerts.every((alert) => alert.status === 'resolved'));
        assert.ok(last.alerts.some((alert) => alert.fingerprint === alertFingerprint(b)));

        await sleep(600); // three more group intervals
        const groupKeys = receiver.notifications.map((item) => item.payload.groupKey);
        assert.ok(
          !groupKeys.includes('{}:{alertname="BornResolved"}'),
          'an alert resolved on arrival was sent',
        );
        assert.deepEqual(await alertmanager.alerts(), [], 'resolved alerts are not listed as alerts');
      },
    );
  });

  test('label rules: empty values dropped, non-ASCII names rejected (the rest of the batch kept)', async () => {
    await withAlertmanager({}, async (alertmanager) => {
      await alertmanager.postAlerts([{ labels: { alertname: 'Empty', team: '', service: 'api' } }]);
      await assert.rejects(
        alertmanager.postAlerts([{ labels: { team: '' } }]),
        /at least one label pair required/,
      );
      await assert.rejects(
        alertmanager.postAlerts([
          { labels: { alertname: 'Bad', é: 'x' } },
          { labels: { alertname: 'Good' } },
        ]),
        /400.*invalid name/,
      );
      await assert.rejects(alertmanager.postAlerts([{ labels: { 'service-name': 'x' } }]), /invalid name/);
      const listed = await alertmanager.alerts();
      assert.deepEqual(
        listed.map((alert) => alert.labels).sort((x, y) => x.alertname!.localeCompare(y.alertname!)),
        [{ alertname: 'Empty', service: 'api' }, { alertname: 'Good' }],
      );
      const empty = listed.find((alert) => alert.labels.alertname === 'Empty')!;
      assert.equal(empty.fingerprint, alertFingerprint({ alertname: 'Empty', service: 'api' }));
      assert.notEqual(empty.fingerprint, alertFingerprint({ alertname: 'Empty', team: '', service: 'api' }));
    });
  });

  test('close() stops the process', async () => {
    let url = '';
    await withAlertmanager({}, async (alertmanager) => {
      url = alertmanager.url;
      const response = await fetch(`${url}/-/healthy`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      await alertmanager.close();
      await alertmanager.close();
    });
    await assert.rejects(fetch(`${url}/-/healthy`));
  });
});
