import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  countMessageTokens,
  countTokens,
  encodingForModel,
  estimateFromO200k,
  type TokenEncoding,
} from '../../src/llm/tokens/index.ts';

// tiktoken (Rust compiled to WASM) is an independent implementation to check the counts against.
const require = createRequire(import.meta.url);
const tiktoken: typeof import('tiktoken') = require('tiktoken');
const references = {
  o200k_base: tiktoken.get_encoding('o200k_base'),
  cl100k_base: tiktoken.get_encoding('cl100k_base'),
};
after(() => {
  for (const encoder of Object.values(references)) encoder.free();
});

function referenceCount(encoding: TokenEncoding, text: string): number {
  return references[encoding].encode_ordinary(text).length;
}

/** Some 300 KB of real TypeScript and JavaScript, always the same files. */
function realSource(): string {
  const directory = join(import.meta.dirname, '../../node_modules/zod/v4/classic');
  const files = readdirSync(directory)
    .filter((name) => /\.(ts|js)$/.test(name))
    .sort();
  let text = '';
  for (const file of files) {
    if (text.length > 300_000) break;
    text += `${readFileSync(join(directory, file), 'utf8')}\n`;
  }
  return text;
}

const trickyTexts = [
  '',
  'hello',
  'Hello, world! Don’t panic; it’s only 42.',
  "I'm sure they'll've DONE it, we're sure.",
  'ids: 1234567890 0.000001 1e-7 0xdeadbeef',
  'special tokens are plain text here: <|endoftext|> <|im_start|>user<|im_sep|>',
  'emoji: 👩‍👩‍👧‍👦 🇫🇷 👍🏽 and combining: e\u0301 a\u0308 ﷺ',
  'CJK 漢字仮名交じり文, Cyrillic текст, Arabic نص, Hindi पाठ',
  'line\r\nbreaks\n\n\n  indented\ttabs\t\t\n    \n',
  'trailing spaces     ',
  `${'='.repeat(300)}\n${'-'.repeat(500)}\n${' '.repeat(400)}x`,
  '/******\n * a doc comment\n */\n//////////\n/////////////////////\nfunction f() {}',
  '\u00a0\u2003\u3000 unusual spaces \ufeff',
];

describe('countTokens for OpenAI models', () => {
  const models: [string, TokenEncoding][] = [
    ['gpt-4.1-mini', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['o3', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
  ];

  it('is exact, and agrees with tiktoken, on real source text', () => {
    const text = realSource();
    for (const [model, encoding] of models) {
      const counted = countTokens(text, { provider: 'openai', model });
      assert.deepEqual(counted, { tokens: referenceCount(encoding, text), exact: true }, model);
    }
  });

  it('is exact, and agrees with tiktoken, on tricky text', () => {
    for (const text of trickyTexts) {
      for (const [model, encoding] of models) {
        const counted = countTokens(text, { provider: 'openai', model });
        assert.deepEqual(
          counted,
          { tokens: referenceCount(encoding, text), exact: true },
          `${model}: ${text}`,
        );
      }
    }
  });

  it('knows which encoding each OpenAI model family uses', () => {
    const expected: Record<string, TokenEncoding | undefined> = {
      'gpt-5': 'o200k_base',
      'gpt-5.1': 'o200k_base',
      'gpt-5-mini-2025-08-07': 'o200k_base',
      'gpt-4.1-nano': 'o200k_base',
      'gpt-4o': 'o200k_base',
      'gpt-4o-mini': 'o200k_base',
      'chatgpt-4o-latest': 'o200k_base',
      o1: 'o200k_base',
      'o3-mini': 'o200k_base',
      'o4-mini-2025-04-16': 'o200k_base',
      'gpt-4-turbo': 'cl100k_base',
      'gpt-4-0613': 'cl100k_base',
      'gpt-4': 'cl100k_base',
      'gpt-3.5-turbo-0125': 'cl100k_base',
      'gpt-9': undefined,
      o9: undefined,
      o30: undefined,
      'llama3.1': undefined,
      'claude-sonnet-4-5': undefined,
    };
    for (const [model, encoding] of Object.entries(expected))
      assert.equal(encodingForModel(model), encoding, model);
  });
});

describe('countTokens for other models', () => {
  it('estimates Anthropic counts as the o200k count × 1.35, never below it', () => {
    for (const text of [realSource(), ...trickyTexts]) {
      const exact = referenceCount('o200k_base', text);
      const counted = countTokens(text, { provider: 'anthropic', model: 'claude-sonnet-4-5' });
      assert.equal(counted.exact, false);
      assert.equal(counted.tokens, Math.ceil((exact * 27) / 20));
      assert.ok(counted.tokens >= exact);
    }
    assert.equal(estimateFromO200k(0), 0);
    assert.equal(estimateFromO200k(1), 2);
    assert.equal(estimateFromO200k(20), 27);
  });

  it('estimates the same way for OpenAI-compatible endpoints and unknown OpenAI models', () => {
    const text = 'def main():\n    print("hello")\n';
    const estimate = estimateFromO200k(referenceCount('o200k_base', text));
    assert.deepEqual(countTokens(text, { provider: 'ollama', model: 'llama3.1' }), {
      tokens: estimate,
      exact: false,
    });
    assert.deepEqual(countTokens(text, { provider: 'openai', model: 'gpt-9' }), {
      tokens: estimate,
      exact: false,
    });
    // A compatible endpoint serving an OpenAI model name may run any tokenizer: still an estimate.
    assert.deepEqual(countTokens(text, { provider: 'litellm', model: 'gpt-4o' }), {
      tokens: estimate,
      exact: false,
    });
  });
});

describe('countMessageTokens', () => {
  const messages = [
    { role: 'system', content: 'You review pull requests. Answer in JSON.' },
    { role: 'user', content: 'diff --git a/src/app.ts b/src/app.ts\n+const answer = 42;\n' },
    { role: 'assistant', content: '{"findings": []}', name: 'reviewer' },
  ];

  it('adds OpenAI’s chat framing to the exact content counts', () => {
    const text = (value: string) => referenceCount('o200k_base', value);
    const expected =
      3 +
      messages.reduce(
        (sum, message) =>
          sum +
          3 +
          text(message.role) +
          text(message.content) +
          (message.name === undefined ? 0 : 1 + text(message.name)),
        0,
      );
    assert.deepEqual(countMessageTokens(messages, { provider: 'openai', model: 'gpt-4.1-mini' }), {
      tokens: expected,
      exact: true,
    });
    assert.deepEqual(countMessageTokens([], { provider: 'openai', model: 'gpt-4o' }), {
      tokens: 3,
      exact: true,
    });
  });

  it('estimates other providers from the framed o200k count, never below it', () => {
    const openAi = countMessageTokens(messages, { provider: 'openai', model: 'gpt-4o' });
    const anthropic = countMessageTokens(messages, { provider: 'anthropic', model: 'claude-haiku-4-5' });
    assert.deepEqual(anthropic, { tokens: estimateFromO200k(openAi.tokens), exact: false });
    assert.ok(anthropic.tokens >= openAi.tokens);
  });

  it('is no longer exact when a message had to be cut', () => {
    const long = [{ role: 'user', content: 'x'.repeat(5_000) }];
    assert.equal(countMessageTokens(long, { provider: 'openai', model: 'gpt-4o' }).exact, false);
  });
});
