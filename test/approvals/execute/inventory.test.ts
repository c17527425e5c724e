import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InventoryError, loadInventory } from '../../../src/approvals/execute/index.ts';
import { StewardError } from '../../../src/errors/index.ts';
import { type LocalServer, reply, startLocalServer } from './local-server.ts';

describe('loadInventory', () => {
  let server: LocalServer;

  before(async () => {
    server = await startLocalServer((request, response) => {
      const service = decodeURIComponent(request.path.replace(/^\/inventory\//, '').replace(/\?.*$/, ''));
      if (service === 'api') return reply(response, 200, ['api-2', 'api-1', 'api-2']);
      if (service === 'web') return reply(response, 200, { instances: ['web-1'] });
      if (service === 'odd name/x') return reply(response, 200, ['odd-1']);
      if (service === 'broken') return reply(response, 200, '{"instances": [');
      if (service === 'empty') return reply(response, 200, []);
      if (service === 'numbers') return reply(response, 200, { instances: [1, 2] });
      if (service === 'failing') return reply(response, 500, 'database is down');
      if (service === 'slow') return; // never answers
      reply(response, 404, 'no such service');
    });
  });
  after(() => server.close());

  const config = (url?: string) => ({
    inventory: { api: ['old-1'], db: ['db-1'] },
    ...(url === undefined ? {} : { inventory_url: url }),
  });

  it('is the configured inventory without inventory_url', async () => {
    assert.deepEqual(await loadInventory(config(), ['api']), { api: ['old-1'], db: ['db-1'] });
  });

  it('asks inventory_url for each targeted service; its answer overrides the configured entry', async () => {
    const inventory = await loadInventory(config(`${server.url}/inventory/{service}`), ['api', 'web', 'api']);
    assert.deepEqual(inventory, { api: ['api-1', 'api-2'], db: ['db-1'], web: ['web-1'] });
    const asked = server.requests
      .map((request) => request.path)
      .filter((path) => path.startsWith('/inventory/'));
    assert.deepEqual(asked.slice(-2).sort(), ['/inventory/api', '/inventory/web']);
  });

  it('URL-encodes the service name', async () => {
    const inventory = await loadInventory(config(`${server.url}/inventory/{service}`), ['odd name/x']);
    assert.deepEqual(inventory['odd name/x'], ['odd-1']);
    assert.equal(server.requests.at(-1)?.path, '/inventory/odd%20name%2Fx');
  });

  const refused = async (service: string, pattern: RegExp) => {
    await assert.rejects(
      loadInventory(config(`${server.url}/inventory/{service}`), ['api', service], { timeoutMs: 300 }),
      (error) => {
        assert.ok(error instanceof InventoryError);
        assert.ok(error instanceof StewardError);
        assert.equal(error.service, service);
        assert.match(
          error.message,
          new RegExp(`^inventory of ${service} from http://127\\.0\\.0\\.1:\\d+/inventory/${service}: `),
        );
        assert.match(error.message, pattern);
        return true;
      },
    );
  };

  it('refuses an error answer, saying which service and what it answered', () =>
    refused('failing', /answered 500: database is down$/));

  it('refuses an answer that is not JSON', () =>
    refused('broken', /answer is not JSON: "\{\\"instances\\": \["$/));

  it('refuses JSON that is not a non-empty list of names', async () => {
    await refused('empty', /expected a non-empty JSON array of instance names/);
    await refused('numbers', /expected a non-empty JSON array of instance names/);
  });

  it('refuses a service the inventory service does not know', () => refused('unknown', /answered 404/));

  it('gives up on a service that does not answer in time', () => refused('slow', /no answer within 0\.3 s$/));

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const loading = loadInventory(config(`${server.url}/inventory/{service}`), ['slow'], {
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(loading, /inventory of slow from .*: aborted$/);
  });

  it('says why a request could not be made', async () => {
    const closed = await startLocalServer(() => {});
    const url = `${closed.url}/inventory/{service}`;
    await closed.close();
    await assert.rejects(
      loadInventory(config(url), ['api']),
      /inventory of api from .*: request failed: fetch failed \(.*ECONNREFUSED/,
    );
  });
});
