import { splitIntoBoundedPieces } from './bounded-pieces.ts';
import { countEncodedTokens } from './count-encoded-tokens.ts';
import { encodingForModel, type TokenEncoding } from './token-encoding.ts';

export interface TokenCountOptions {
  /** `openai`, `anthropic` or an OpenAI-compatible endpoint's name. */
  provider: string;
  model: string;
}

export interface TokenCount {
  tokens: number;
  /** True when `tokens` is what the provider will count; false for an estimate meant not to fall short. */
  exact: boolean;
}

/**
 * Safety factor over the o200k_base count for models whose tokenizer is not public (Anthropic's) or not
 * known (an OpenAI-compatible endpoint's). Published comparisons put Claude's counts about 16% above
 * OpenAI's for English prose and about 30% above for code, which is what Steward mostly sends;
 * 27/20 = 1.35 covers code with a margin. An estimate too high only reserves more: calls settle at the
 * usage the provider reports.
 */
export const estimateFactor = { numerator: 27, denominator: 20 } as const;

/**
 * Counts the tokens of `text` for a model: exactly for OpenAI models with a known encoding (o200k_base,
 * cl100k_base), as o200k_base × 1.35 otherwise. The work is bounded: overlong unbroken runs (a minified
 * line, a base64 blob, 100k underscores) are cut, or counted at an upper bound, and the result is then
 * an upper bound rather than exact, with one token of margin for every cut.
 */
export function countTokens(text: string, options: TokenCountOptions): TokenCount {
  const encoding = options.provider === 'openai' ? encodingForModel(options.model) : undefined;
  const counted = countBounded(text, encoding ?? 'o200k_base');
  if (encoding !== undefined) return { tokens: counted.tokens, exact: !counted.bounded };
  return { tokens: estimateFromO200k(counted.tokens), exact: false };
}

/** The estimate for a model without a known tokenizer, from its o200k_base count. */
export function estimateFromO200k(tokens: number): number {
  return Math.ceil((tokens * estimateFactor.numerator) / estimateFactor.denominator);
}

/**
 * BPE count of `text` in bounded pieces. `bounded` tells that the text had to be cut or held a blob,
 * so that the count is an upper bound rather than exact.
 */
export function countBounded(text: string, encoding: TokenEncoding): { tokens: number; bounded: boolean } {
  const pieces = splitIntoBoundedPieces(text);
  if (pieces.length === 0) return { tokens: 0, bounded: false };
  let tokens = pieces.length - 1;
  for (const piece of pieces) {
    tokens +=
      piece.kind === 'blob'
        ? piece.end - piece.start
        : countEncodedTokens(encoding, pieces.length === 1 ? text : text.slice(piece.start, piece.end));
  }
  return { tokens, bounded: pieces.length > 1 || pieces[0]?.kind === 'blob' };
}
