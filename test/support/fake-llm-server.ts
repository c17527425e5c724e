import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The wire format a request was made in, decided by its path. */
export type FakeWire = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** Token counts a scripted reply reports, mapped onto each wire format's own usage fields. */
export interface FakeUsage {
  /**
   * Input tokens. OpenAI wires report this as `prompt_tokens` / `input_tokens` (cached included);
   * Anthropic as `input_tokens` (cache reads and writes not included).
   */
  input: number;
  output: number;
  /** Cache reads: `cached_tokens` (OpenAI), `cache_read_input_tokens` (Anthropic). */
  cached?: number;
  /** Cache writes: `cache_creation_input_tokens` (Anthropic only). */
  cacheWrite?: number;
  /** Reasoning tokens, part of `output` (OpenAI wires only). */
  reasoning?: number;
}

/** One scripted reply. */
export type FakeReply =
  | {
      kind: 'ok';
      /** The assistant's text; for structured output, the JSON text. */
      text?: string;
      /** Omit for the default usage; `null` sends a response without usage. */
      usage?: FakeUsage | null;
      /** `length` reports that the output cap was hit. */
      finish?: 'stop' | 'length';
      headers?: Record<string, string>;
    }
  | {
      kind: 'status';
      status: number;
      /** `Retry-After` header: seconds, or an HTTP date as a string. */
      retryAfter?: number | string;
      /** `retry-after-ms` header. */
      retryAfterMs?: number;
      /** Error body; defaults to the wire format's own error shape. */
      body?: unknown;
      headers?: Record<string, string>;
    }
  /** Waits, then sends `reply` (a default `ok` reply when omitted). */
  | { kind: 'slow'; delayMs: number; reply?: FakeReply }
  /** Sends status and headers and part of the body, then destroys the socket. */
  | { kind: 'truncated' };

/** A request as the server received it. */
export interface RecordedRequest {
  /** 1-based arrival order. */
  sequence: number;
  method: string;
  path: string;
  wire: FakeWire | undefined;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface FakeLlmServerOptions {
  /** Replies used in order, one per request. */
  replies?: FakeReply[];
  /** Consulted when the queue is empty; return undefined for the default reply. */
  respond?: (request: RecordedRequest) => FakeReply | undefined;
  /** The reply when neither the queue nor `respond` gives one. Default: `ok` with text `ok`. */
  defaultReply?: FakeReply;
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `<url>/v1`: the base URL to give every provider (OpenAI, Anthropic, OpenAI-compatible). */
  readonly baseURL: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests being handled right now. */
  readonly inFlight: number;
  /** The most requests ever handled at the same time. */
  readonly maxInFlight: number;
  /** Adds replies to the end of the queue. */
  enqueue(...replies: FakeReply[]): void;
  /** Empties the queue and forgets recorded requests and concurrency counts. */
  reset(): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

const defaultUsage: FakeUsage = { input: 10, output: 5 };

/** Starts a local server speaking OpenAI Chat Completions, OpenAI Responses and Anthropic Messages. */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const queue: FakeReply[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once('close', () => {
      inFlight -= 1;
    });
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded = await record(request, requests.length + 1);
    requests.push(recorded);
    if (recorded.wire === undefined) {
      sendJson(response, 404, { error: { message: `no route for ${recorded.method} ${recorded.path}` } });
      return;
    }
    if (isRecord(recorded.body) && recorded.body.stream === true) {
      sendJson(response, 400, errorBody(recorded.wire, 400, 'the fake server does not stream'));
      return;
    }
    const reply = queue.shift() ?? options.respond?.(recorded) ?? options.defaultReply ?? { kind: 'ok' };
    play(reply, recorded, response);
  }

  function play(reply: FakeReply, request: RecordedRequest, response: ServerResponse): void {
    const wire = request.wire as FakeWire;
    switch (reply.kind) {
      case 'ok': {
        const { body, headers } = successBody(wire, request, reply);
        sendJson(response, 200, body, { ...headers, ...reply.headers });
        return;
      }
      case 'status': {
        const headers: Record<string, string> = {
          ...requestIdHeader(wire, request.sequence),
          ...reply.headers,
        };
        if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        sendJson(response, reply.status, reply.body ?? errorBody(wire, reply.status), headers);
        return;
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) play(reply.reply ?? { kind: 'ok' }, request, response);
        }, reply.delayMs);
        timers.add(timer);
        response.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'truncated': {
        const text = JSON.stringify(successBody(wire, request, { kind: 'ok' }).body);
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
        });
        response.write(text.slice(0, Math.floor(text.length / 2)), () => response.socket?.destroy());
        return;
      }
    }
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      maxInFlight = inFlight;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function record(request: IncomingMessage, sequence: number): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // keep the raw text
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  return {
    sequence,
    method: request.method ?? '',
    path,
    wire: wireOf(request.method, path),
    headers: request.headers,
    body,
  };
}

function wireOf(method: string | undefined, path: string): FakeWire | undefined {
  if (method !== 'POST') return undefined;
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/responses')) return 'openai-responses';
  if (path.endsWith('/messages')) return 'anthropic-messages';
  return undefined;
}

function successBody(
  wire: FakeWire,
  request: RecordedRequest,
  reply: Extract<FakeReply, { kind: 'ok' }>,
): { body: unknown; headers: Record<string, string> } {
  const requestBody = isRecord(request.body) ? request.body : {};
  const model = typeof requestBody.model === 'string' ? requestBody.model : 'unknown-model';
  const text = reply.text ?? 'ok';
  const usage = reply.usage === null ? undefined : (reply.usage ?? defaultUsage);
  const truncated = reply.finish === 'length';
  const sequence = request.sequence;
  const createdSeconds = Math.floor(Date.now() / 1000);
  const headers = requestIdHeader(wire, sequence);

  switch (wire) {
    case 'openai-chat':
      return {
        headers,
        body: {
          id: `chatcmpl-fake${sequence}`,
          object: 'chat.completion',
          created: createdSeconds,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: truncated ? 'length' : 'stop',
            },
          ],
          ...(usage && {
            usage: {
              prompt_tokens: usage.input,
              completion_tokens: usage.output,
              total_tokens: usage.input + usage.output,
              prompt_tokens_details: { cached_tokens: usage.cached ?? 0, audio_tokens: 0 },
              completion_tokens_details: {
                reasoning_tokens: usage.reasoning ?? 0,
                audio_tokens: 0,
                accepted_prediction_tokens: 0,
                rejected_prediction_tokens: 0,
              },
            },
          }),
          service_tier: 'default',
          system_fingerprint: 'fp_fake',
        },
      };
    case 'openai-responses':
      return {
        headers,
        body: {
          id: `resp_fake${sequence}`,
          object: 'response',
          created_at: createdSeconds,
          status: truncated ? 'incomplete' : 'completed',
          error: null,
          incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
          model,
          output: [
            {
              type: 'message',
              id: `msg_fake${sequence}`,
              status: truncated ? 'incomplete' : 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
            },
          ],
          parallel_tool_calls: true,
          service_tier: 'default',
          store: requestBody.store ?? true,
          ...(usage && {
            usage: {
              input_tokens: usage.input,
              input_tokens_details: { cached_tokens: usage.cached ?? 0 },
              output_tokens: usage.output,
              output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
              total_tokens: usage.input + usage.output,
            },
          }),
        },
      };
    case 'anthropic-messages': {
      const jsonTool = Array.isArray(requestBody.tools)
        ? requestBody.tools.some((tool) => isRecord(tool) && tool.name === 'json')
        : false;
      const content = jsonTool
        ? [{ type: 'tool_use', id: `toolu_fake${sequence}`, name: 'json', input: parseOrText(text) }]
        : [{ type: 'text', text }];
      return {
        headers,
        body: {
          id: `msg_fake${sequence}`,
          type: 'message',
          role: 'assistant',
          model,
          content,
          stop_reason: truncated ? 'max_tokens' : jsonTool ? 'tool_use' : 'end_turn',
          stop_sequence: null,
          usage: {
            input_tokens: usage?.input ?? 0,
            output_tokens: usage?.output ?? 0,
            cache_creation_input_tokens: usage?.cacheWrite ?? 0,
            cache_read_input_tokens: usage?.cached ?? 0,
            service_tier: 'standard',
          },
        },
      };
    }
  }
}

function errorBody(wire: FakeWire, status: number, message = `fake error ${status}`): unknown {
  if (wire === 'anthropic-messages') {
    return { type: 'error', error: { type: anthropicErrorType(status), message } };
  }
  return { error: { message, type: openAiErrorType(status), param: null, code: null } };
}

function anthropicErrorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return 'api_error';
}

function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function requestIdHeader(wire: FakeWire, sequence: number): Record<string, string> {
  return wire === 'anthropic-messages'
    ? { 'request-id': `req_fake${sequence}` }
    : { 'x-request-id': `req_fake${sequence}` };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
