import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { countEncodedTokens } from '../../src/llm/tokens/count-encoded-tokens.ts';
import { countTokens, maxRunLength, splitIntoBoundedPieces } from '../../src/llm/tokens/index.ts';

const openAi = { provider: 'openai', model: 'gpt-4.1-mini' };

function randomText(alphabet: string, length: number, seed: number): string {
  const characters = [...alphabet];
  let state = seed;
  let text = '';
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    text += characters[state % characters.length];
  }
  return text;
}

const pathological: Record<string, () => string> = {
  '200k "a"': () => 'a'.repeat(200_000),
  '100k "_"': () => '_'.repeat(100_000),
  '1 MB of base64': () => randomBytes(786_432).toString('base64'),
  '100k spaces': () => ' '.repeat(100_000),
  'newlines and slashes': () => `}${'\n/'.repeat(50_000)}`,
  'an emoji run': () => randomText('😀😁😂🤣😃😄😅😆😉😊', 100_000, 1),
  'a CJK run': () => randomText('漢字仮名交じり文中国語', 100_000, 2),
  'random letters': () => randomText('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 200_000, 3),
  'a minified line': () => 'function(a,b){return a.b(c)+d[e]||f};var g=h?i:j;'.repeat(4_000),
};

/** The longest pre-token BPE will see in a piece, found with o200k_base's own split pattern. */
function longestPreToken(text: string): number {
  let longest = 0;
  for (const [match] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) longest = Math.max(longest, match.length);
  return longest;
}

describe('bounded token counting', () => {
  before(() => countTokens('load the encoding before timing anything', openAi));

  for (const [name, make] of Object.entries(pathological)) {
    it(`bounds the work on ${name}`, () => {
      const text = make();
      const pieces = splitIntoBoundedPieces(text);
      assert.equal(
        pieces.map((piece) => text.slice(piece.start, piece.end)).join(''),
        text,
        'pieces cover the text',
      );
      for (const piece of pieces) {
        if (piece.kind === 'blob') continue;
        const part = text.slice(piece.start, piece.end);
        assert.ok(
          longestPreToken(part) <= 2 * maxRunLength + 1,
          `${name}: a pre-token longer than the bound`,
        );
        assert.ok(!/^[\udc00-\udfff]/.test(part), `${name}: a piece starts inside a surrogate pair`);
      }
      const counted = countTokens(text, openAi);
      assert.equal(counted.exact, pieces.length === 1 && pieces[0]?.kind === 'text');
      assert.ok(counted.tokens > 0);
    });
  }

  it('never counts below the exact count where the exact count is affordable', () => {
    const samples = [
      'a'.repeat(20_000),
      '_'.repeat(8_000),
      ' '.repeat(8_000),
      `x${'\n/'.repeat(3_000)}`,
      randomBytes(60_000).toString('base64'),
      randomBytes(30_000).toString('hex'),
      randomText('😀😁😂🤣😃😄', 6_000, 4),
      randomText('abcdefghijklmnopqrstuvwxyz', 20_000, 5),
      randomText('abcXYZ_-=+*#0123456789 \n/', 20_000, 6),
      `prefix text ${'Zm9vYmFy'.repeat(2_000)}9 and more text after it`,
      'function(a,b){return a.b(c)+d[e]||f};var g=h?i:j;'.repeat(400),
    ];
    for (const text of samples) {
      for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
        const exact = countEncodedTokens(encoding, text);
        const model = encoding === 'o200k_base' ? 'gpt-4o' : 'gpt-4-turbo';
        const counted = countTokens(text, { provider: 'openai', model });
        assert.ok(
          counted.tokens >= exact,
          `${encoding}: ${counted.tokens} < ${exact} for ${text.slice(0, 30)}…`,
        );
      }
    }
  });

  it('counts a long base64 blob at one token per character, without BPE', () => {
    const blob = randomBytes(786_432).toString('base64');
    assert.deepEqual(countTokens(blob, openAi), { tokens: blob.length, exact: false });
    const pieces = splitIntoBoundedPieces(`data: ${blob}\n`);
    assert.deepEqual(
      pieces.map((piece) => piece.kind),
      ['text', 'blob', 'text'],
    );
  });

  it('leaves ordinary text whole, so that its count stays exact', () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(5_000);
    assert.deepEqual(splitIntoBoundedPieces(code), [{ kind: 'text', start: 0, end: code.length }]);
    assert.deepEqual(countTokens(code, openAi), {
      tokens: countEncodedTokens('o200k_base', code),
      exact: true,
    });
    const runs = `${'a'.repeat(maxRunLength - 1)} ${'_'.repeat(maxRunLength - 1)}\n`.repeat(20);
    assert.equal(splitIntoBoundedPieces(runs).length, 1);
    const hashes = `${randomBytes(300).toString('base64')}\n`.repeat(100);
    assert.equal(splitIntoBoundedPieces(hashes).length, 1, 'base64 lines shorter than the bound stay text');
  });
});
