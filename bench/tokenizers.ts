/**
 * Tokenizer benchmark: throughput of gpt-tokenizer, js-tiktoken and tiktoken (WASM) on a few MB of real
 * source text (o200k_base), their cold-start cost, agreement on counts, and the cost of pathological
 * unbroken runs, plus Steward's bounded counter (src/llm/tokens) on the same inputs.
 *
 *   node bench/tokenizers.ts              full run
 *   BENCH_TIMEOUT_MS=5000 node bench/tokenizers.ts   shorter cap for pathological runs
 *
 * Each tokenizer runs in its own child process so that load time is cold and runs do not share a heap.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

const tokenizerNames = ['gpt-tokenizer', 'js-tiktoken', 'tiktoken-wasm', 'steward'] as const;
type TokenizerName = (typeof tokenizerNames)[number];

type Count = (text: string) => number;

/** Loads a tokenizer for o200k_base. Special-token text is counted as ordinary text, as the APIs do. */
async function loadTokenizer(name: TokenizerName): Promise<Count> {
  switch (name) {
    case 'gpt-tokenizer': {
      const encoding = await import('gpt-tokenizer/encoding/o200k_base');
      const options = { disallowedSpecial: new Set<string>() };
      return (text) => encoding.countTokens(text, options);
    }
    case 'js-tiktoken': {
      const { Tiktoken } = await import('js-tiktoken/lite');
      const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
      const encoder = new Tiktoken(ranks);
      return (text) => encoder.encode(text, [], []).length;
    }
    case 'tiktoken-wasm': {
      const tiktoken: typeof import('tiktoken') = require('tiktoken');
      const encoder = tiktoken.get_encoding('o200k_base');
      return (text) => encoder.encode_ordinary(text).length;
    }
    case 'steward': {
      const { countTokens } = await import('../src/llm/tokens/index.ts');
      return (text) => countTokens(text, { provider: 'openai', model: 'gpt-4.1-mini' }).tokens;
    }
  }
}

/** Where the corpus comes from, and how many bytes each source may contribute. */
const corpusSources: [directory: string, maxBytes: number][] = [
  ['node_modules/@typescript/typescript-linux-x64/lib', 2 * 1024 * 1024],
  ['node_modules/zod', 1024 * 1024],
  ['node_modules/kysely/dist', 1024 * 1024],
];

function listSourceFiles(directory: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.(d\.ts|js|mjs|cjs|ts)$/.test(entry.name) && statSync(child).size > 0) files.push(child);
    }
  };
  try {
    walk(directory);
  } catch {
    // a source missing on this platform is skipped
  }
  return files;
}

/** About 4 MiB of real TypeScript declarations and JavaScript, always the same files in the same order. */
function buildCorpus(): { text: string; files: number } {
  const parts: string[] = [];
  let files = 0;
  for (const [directory, maxBytes] of corpusSources) {
    let bytes = 0;
    for (const file of listSourceFiles(join(root, directory))) {
      if (bytes >= maxBytes) break;
      const content = readFileSync(file, 'utf8');
      parts.push(content);
      bytes += Buffer.byteLength(content);
      files += 1;
    }
  }
  return { text: parts.join('\n'), files };
}

const pathologicalInputs: Record<string, () => string> = {
  '50k "_"': () => '_'.repeat(50_000),
  '100k "a"': () => 'a'.repeat(100_000),
  '1 MB base64': () => pseudoRandomBytes(786_432).toString('base64'),
};

/** Bytes that look random to BPE (no repeats for its merge cache to exploit), the same on every run. */
function pseudoRandomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x9e3779b9;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

interface Measurement {
  runMs: number[];
  tokens: number;
  bytes: number;
}

interface ThroughputResult {
  loadMs: number;
  /** The corpus as it is. */
  full: Measurement;
  /** The corpus without its few non-whitespace runs longer than 512 characters. */
  ordinary: Measurement;
}

interface PathologicalResult {
  ms: number;
  tokens: number;
}

/** Non-whitespace runs longer than this are removed from the "ordinary" variant of the corpus. */
const ordinaryRunLimit = 512;

async function childThroughput(name: TokenizerName): Promise<ThroughputResult> {
  const loadStart = performance.now();
  const count = await loadTokenizer(name);
  count('warm up the loader');
  const loadMs = performance.now() - loadStart;
  const { text } = buildCorpus();
  const ordinary = text.replace(new RegExp(`\\S{${ordinaryRunLimit + 1},}`, 'g'), '');
  count(ordinary.slice(0, 256 * 1024));
  const measure = (input: string) => {
    const runMs: number[] = [];
    let tokens = 0;
    // Three runs, or one when a run takes longer than 10 s.
    while (runMs.length < 3 && !(runMs.length === 1 && runMs[0]! > 10_000)) {
      const start = performance.now();
      tokens = count(input);
      runMs.push(performance.now() - start);
    }
    return { runMs, tokens, bytes: Buffer.byteLength(input) };
  };
  return { loadMs, full: measure(text), ordinary: measure(ordinary) };
}

async function childPathological(name: TokenizerName, input: string): Promise<PathologicalResult> {
  const count = await loadTokenizer(name);
  count('warm up');
  const text = pathologicalInputs[input]!();
  const start = performance.now();
  const tokens = count(text);
  return { ms: performance.now() - start, tokens };
}

function runChild<T>(args: string[], timeoutMs: number): T | 'timeout' | 'failed' {
  const result = spawnSync(process.execPath, [import.meta.filename, '--child', ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1024 * 1024,
  });
  if (result.error != null && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'timeout';
  if (result.status !== 0) {
    process.stderr.write(`child ${args.join(' ')} failed:\n${result.stderr}\n`);
    return 'failed';
  }
  return JSON.parse(result.stdout) as T;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const timeoutMs = Number.parseInt(process.env.BENCH_TIMEOUT_MS ?? '20000', 10);
  const corpus = buildCorpus();
  const corpusBytes = Buffer.byteLength(corpus.text);
  console.log(
    `corpus: ${corpus.files} files, ${(corpusBytes / 1e6).toFixed(2)} MB; node ${process.version}; o200k_base`,
  );

  const throughput = new Map<TokenizerName, ThroughputResult | 'timeout' | 'failed'>();
  for (const name of tokenizerNames) {
    throughput.set(name, runChild<ThroughputResult>(['throughput', name], 900_000));
  }
  for (const variant of ['full', 'ordinary'] as const) {
    const measured = [...throughput.entries()].flatMap(([name, result]) =>
      typeof result === 'object' ? [{ name, ...result[variant], loadMs: result.loadMs }] : [],
    );
    const speed = (entry: Measurement) => entry.bytes / 1e6 / (median(entry.runMs) / 1000);
    const slowest = Math.min(...measured.map(speed));
    const reference = measured.find((entry) => entry.name === 'tiktoken-wasm') ?? measured[0];
    const first = measured[0];
    console.log(
      `\n${variant === 'full' ? 'the corpus as it is' : `the corpus without non-whitespace runs over ${ordinaryRunLimit} characters`}` +
        ` (${((first?.bytes ?? 0) / 1e6).toFixed(2)} MB):\n${table(
          ['tokenizer', 'cold load ms', 'runs', 'median ms', 'MB/s', '× slowest', 'tokens', 'vs tiktoken'],
          measured.map((entry) => [
            entry.name,
            entry.loadMs.toFixed(0),
            String(entry.runMs.length),
            median(entry.runMs).toFixed(0),
            speed(entry).toFixed(2),
            (speed(entry) / slowest).toFixed(1),
            String(entry.tokens),
            entry.tokens === reference?.tokens
              ? 'same'
              : `${entry.tokens - (reference?.tokens ?? 0) > 0 ? '+' : ''}${entry.tokens - (reference?.tokens ?? 0)}`,
          ]),
        )}`,
    );
  }
  for (const [name, result] of throughput) if (typeof result !== 'object') console.log(`${name}: ${result}`);

  const inputs = Object.keys(pathologicalInputs);
  const rows: string[][] = [];
  for (const name of tokenizerNames) {
    const cells: string[] = [name];
    for (const input of inputs) {
      const result = runChild<PathologicalResult>(['pathological', name, input], timeoutMs);
      cells.push(
        typeof result === 'object'
          ? `${result.ms.toFixed(0)} ms, ${result.tokens} tokens`
          : `${result} (> ${timeoutMs / 1000} s)`,
      );
    }
    rows.push(cells);
  }
  console.log(
    `\npathological inputs (time to count, capped at ${timeoutMs / 1000} s):\n${table(['tokenizer', ...inputs], rows)}`,
  );
}

const childIndex = process.argv.indexOf('--child');
if (childIndex === -1) {
  await main();
} else {
  const [mode, name, input] = process.argv.slice(childIndex + 1) as [string, TokenizerName, string];
  const result = mode === 'throughput' ? await childThroughput(name) : await childPathological(name, input);
  process.stdout.write(JSON.stringify(result));
}
