import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HistoryImportError, parseHistory } from '../../../src/incidents/history/index.ts';

function failure(run: () => unknown): HistoryImportError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof HistoryImportError, `expected a HistoryImportError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected parseHistory to throw');
}

const csvHeader =
  'id,title,services,labels,summary,root_cause,actions,resolved,minutes_to_resolve,occurred_at';

describe('parseHistory: JSON', () => {
  test('reads an array of incidents, with defaults for the optional fields', () => {
    const rows = parseHistory(
      JSON.stringify([
        {
          id: 'INC-1',
          title: 'Disk full on orders-db',
          services: ['orders-db'],
          labels: { alertname: 'NodeFilesystemAlmostOutOfSpace', service: 'orders-db' },
          summary: 'Writes failed.',
          root_cause: 'WAL kept for a stale slot.',
          actions: [{ action: 'Dropped the slot', kind: 'config_change', outcome: 'resolved', minutes: 20 }],
          resolved: true,
          minutes_to_resolve: 25,
          occurred_at: '2024-03-01T10:00:00Z',
        },
        { title: 'Minimal', summary: 'Only what is required.', resolved: false, minutes_to_resolve: null },
      ]),
      'json',
      'history.json',
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]!.actions, [
      { action: 'Dropped the slot', kind: 'config_change', outcome: 'resolved', minutes: 20 },
    ]);
    assert.deepEqual(rows[1], {
      title: 'Minimal',
      services: [],
      labels: {},
      summary: 'Only what is required.',
      root_cause: '',
      actions: [],
      resolved: false,
    });
  });

  test('accepts { "incidents": [...] }', () => {
    const rows = parseHistory(
      JSON.stringify({ incidents: [{ title: 't', summary: 's', resolved: true }] }),
      'json',
      'h.json',
    );
    assert.equal(rows.length, 1);
  });

  test('every bad row is reported with the file, its index and the field', () => {
    const error = failure(() =>
      parseHistory(
        JSON.stringify([
          { title: 'ok', summary: 's', resolved: true },
          { title: '', summary: 's', resolved: 'yes' },
          { title: 't', summary: 's', resolved: true, actions: [{ action: 'restart', outcome: 'fixed' }] },
          { title: 't', summary: 's', resolved: true, colour: 'red' },
        ]),
        'json',
        'history.json',
      ),
    );
    const lines = error.message.split('\n');
    assert.ok(lines.includes('history.json [1]: title: expected a title'), error.message);
    assert.ok(lines.includes('history.json [1]: resolved: expected true or false'), error.message);
    assert.ok(
      lines.some((line) => line.startsWith('history.json [2]: actions[0].outcome: ')),
      error.message,
    );
    assert.ok(
      lines.some((line) => line.startsWith('history.json [3]: ') && line.includes('colour')),
      error.message,
    );
    assert.deepEqual(
      error.issues.map((issue) => issue.index),
      [1, 1, 2, 3],
    );
  });

  test('duplicate ids, invalid JSON and a wrong top level are errors', () => {
    const duplicate = failure(() =>
      parseHistory(
        JSON.stringify([
          { id: 'A', title: 't', summary: 's', resolved: true },
          { id: 'A', title: 'u', summary: 's', resolved: true },
        ]),
        'json',
        'h.json',
      ),
    );
    assert.equal(duplicate.message, 'h.json [1]: id: duplicate id "A", also at [0]');
    assert.match(failure(() => parseHistory('[{', 'json', 'h.json')).message, /^h\.json: not valid JSON: /);
    assert.match(
      failure(() => parseHistory('{"a":1}', 'json', 'h.json')).message,
      /expected an array of incidents/,
    );
  });
});

describe('parseHistory: CSV', () => {
  test('decodes lists, labels, compact and JSON actions, booleans and numbers', () => {
    const csv = [
      csvHeader,
      'INC-1,Disk full,orders-db; orders-api,alertname=DiskFull;service=orders-db,"Writes failed, checkout 500s",WAL,Dropped the slot|resolved|20|config_change|orders-db;Checked disk|no_effect,yes,25,2024-03-01',
      `INC-2,Lag,,,Lagging,,"[{""action"":""Paused backfill"",""outcome"":""improved"",""minutes"":5}]",FALSE,,`,
    ].join('\n');
    const rows = parseHistory(csv, 'csv', 'history.csv');
    assert.deepEqual(rows[0], {
      id: 'INC-1',
      title: 'Disk full',
      services: ['orders-db', 'orders-api'],
      labels: { alertname: 'DiskFull', service: 'orders-db' },
      summary: 'Writes failed, checkout 500s',
      root_cause: 'WAL',
      actions: [
        {
          action: 'Dropped the slot',
          outcome: 'resolved',
          minutes: 20,
          kind: 'config_change',
          target: 'orders-db',
        },
        { action: 'Checked disk', outcome: 'no_effect' },
      ],
      resolved: true,
      minutes_to_resolve: 25,
      occurred_at: '2024-03-01',
    });
    assert.deepEqual(rows[1], {
      id: 'INC-2',
      title: 'Lag',
      services: [],
      labels: {},
      summary: 'Lagging',
      root_cause: '',
      actions: [{ action: 'Paused backfill', outcome: 'improved', minutes: 5 }],
      resolved: false,
    });
  });

  test('errors name the line a row starts on, even after quoted multi-line cells', () => {
    const csv = [
      'title,summary,resolved,minutes_to_resolve,labels,actions',
      'Fine,"A summary',
      'over two lines",true,10,,',
      '',
      'Bad minutes,s,true,ten,,',
      'Bad labels,s,true,,service,',
      'Bad action,s,maybe,,,restart|fixed|x',
    ].join('\n');
    const error = failure(() => parseHistory(csv, 'csv', 'history.csv'));
    const lines = error.message.split('\n');
    assert.ok(
      lines.includes('history.csv:5: minutes_to_resolve: expected a number of minutes'),
      error.message,
    );
    assert.ok(
      lines.includes('history.csv:6: labels: expected name=value pairs separated by ";", got "service"'),
      error.message,
    );
    assert.ok(lines.includes('history.csv:7: resolved: expected true or false'), error.message);
    assert.ok(
      lines.some((line) => line.startsWith('history.csv:7: actions[0].outcome: ')),
      error.message,
    );
    assert.ok(
      lines.includes('history.csv:7: actions[0].minutes: expected a number of minutes'),
      error.message,
    );
    assert.ok(!lines.some((line) => line.startsWith('history.csv:2')), 'the multi-line row is valid');
  });

  test('the header must name known columns, including the required ones', () => {
    const error = failure(() => parseHistory('title,summry\nt,s\n', 'csv', 'h.csv'));
    assert.deepEqual(error.message.split('\n'), [
      'h.csv:1: summry: unknown column; the columns are id, title, services, labels, summary, root_cause, actions, resolved, minutes_to_resolve, occurred_at',
      'h.csv:1: summary: missing column (it is required)',
      'h.csv:1: resolved: missing column (it is required)',
    ]);
  });

  test('broken CSV and duplicate ids are errors; an empty file is no incidents', () => {
    assert.match(
      failure(() => parseHistory('title,summary,resolved\n"t,s,true\n', 'csv', 'h.csv')).message,
      /^h\.csv:\d+: not valid CSV: /,
    );
    assert.equal(
      failure(() => parseHistory('id,title,summary,resolved\nA,t,s,1\nA,u,s,0\n', 'csv', 'h.csv')).message,
      'h.csv:3: id: duplicate id "A", also on line 2',
    );
    assert.deepEqual(parseHistory('', 'csv', 'h.csv'), []);
  });
});
