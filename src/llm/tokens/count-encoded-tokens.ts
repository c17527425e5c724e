import { createRequire } from 'node:module';
import type * as EncodingModule from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenEncoding } from './token-encoding.ts';

// gpt-tokenizer was chosen by bench/tokenizers.ts (fastest, pure JavaScript, exact). Each encoding's
// tables take a few hundred milliseconds to load, so they are loaded on first use, synchronously.
const require = createRequire(import.meta.url);
const specifiers: Record<TokenEncoding, string> = {
  o200k_base: 'gpt-tokenizer/encoding/o200k_base',
  cl100k_base: 'gpt-tokenizer/encoding/cl100k_base',
};
const loaded = new Map<TokenEncoding, Pick<typeof EncodingModule, 'countTokens'>>();

// Special-token text such as `<|endoftext|>` in a diff is ordinary text to the APIs, and must be
// counted as such instead of throwing.
const asPlainText = { disallowedSpecial: new Set<string>() };

/** Exact BPE count of `text`. Superlinear on long unbroken runs: callers bound the pieces they pass. */
export function countEncodedTokens(encoding: TokenEncoding, text: string): number {
  let module = loaded.get(encoding);
  if (module === undefined) {
    module = require(specifiers[encoding]) as Pick<typeof EncodingModule, 'countTokens'>;
    loaded.set(encoding, module);
  }
  return module.countTokens(text, asPlainText);
}
