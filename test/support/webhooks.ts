import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';

/**
 * A recorded payload: deep JSON that tests edit in place (`payload.pull_request.head.sha = …`).
 * Typing every event is the job of the code under test, which validates what it reads.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Payload = any;

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
/** Payloads GitHub really sent, collected by the Octokit project (`@octokit/webhooks-examples`). */
const groups = require('@octokit/webhooks-examples') as ExampleGroup[];

/** A deep copy of a recorded payload of `event` (with `action`, when given; the `index`-th such). */
export function examplePayload(event: string, action?: string, index = 0): Payload {
  const group = groups.find((candidate) => candidate.name === event);
  const matching = (group?.examples ?? []).filter(
    (example) => action === undefined || example.action === action,
  );
  const example = matching[index];
  if (example === undefined)
    throw new Error(`no recorded ${event}${action === undefined ? '' : `.${action}`} payload #${index}`);
  return structuredClone(example) as Payload;
}

/** A recorded pull_request payload pointed at another repository, number and head. */
export function pullRequestPayload(
  action: string,
  options: { repo: string; pr: number; head: string; draft?: boolean; installationId?: number },
): Payload {
  const payload = examplePayload('pull_request', action);
  const [owner, name] = options.repo.split('/');
  payload.number = options.pr;
  payload.pull_request.number = options.pr;
  payload.pull_request.head.sha = options.head;
  payload.pull_request.draft = options.draft ?? false;
  payload.repository.full_name = options.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  if (options.installationId === undefined) delete payload.installation;
  else payload.installation = { id: options.installationId, node_id: 'MDIz' };
  return payload;
}

export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
  deliveryId: string;
}

/** A webhook delivery as GitHub sends it: JSON body, event and delivery headers, HMAC-SHA256 signature. */
export async function signedDelivery(
  secret: string,
  event: string,
  payload: unknown,
  deliveryId: string = randomUUID(),
): Promise<SignedDelivery> {
  const body = JSON.stringify(payload);
  return {
    body,
    deliveryId,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/test',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': await sign(secret, body),
    },
  };
}

/** Posts a delivery to `url` and returns the status and the parsed JSON answer. */
export async function deliver(
  url: string,
  delivery: SignedDelivery,
): Promise<{ status: number; body: Payload }> {
  const response = await fetch(`${url}/webhooks/github`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: response.status, body: await response.json() };
}
