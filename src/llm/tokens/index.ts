export { maxRunLength, splitIntoBoundedPieces, type TextPiece } from './bounded-pieces.ts';
export { type ChatMessageText, countMessageTokens } from './count-message-tokens.ts';
export {
  countTokens,
  estimateFactor,
  estimateFromO200k,
  type TokenCount,
  type TokenCountOptions,
} from './count-tokens.ts';
export { encodingForModel, type TokenEncoding } from './token-encoding.ts';
