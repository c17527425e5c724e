import { countBounded, estimateFromO200k, type TokenCount, type TokenCountOptions } from './count-tokens.ts';
import { encodingForModel } from './token-encoding.ts';

/** One chat message as text. */
export interface ChatMessageText {
  role: string;
  content: string;
  name?: string | undefined;
}

// OpenAI's published recipe for chat models: every message is framed by 3 tokens, a name adds 1, and
// the reply is primed with 3 more.
const tokensPerMessage = 3;
const tokensPerName = 1;
const tokensToPrimeReply = 3;

/**
 * Counts the input tokens of a chat: each message's role, name and content plus the chat framing.
 * Exact for OpenAI models with a known encoding (unless an overlong run had to be cut); otherwise the
 * o200k_base count of the whole, framing included, times the estimate factor.
 */
export function countMessageTokens(
  messages: readonly ChatMessageText[],
  options: TokenCountOptions,
): TokenCount {
  const encoding = options.provider === 'openai' ? encodingForModel(options.model) : undefined;
  let tokens = tokensToPrimeReply;
  let bounded = false;
  const add = (text: string) => {
    const counted = countBounded(text, encoding ?? 'o200k_base');
    tokens += counted.tokens;
    bounded ||= counted.bounded;
  };
  for (const message of messages) {
    tokens += tokensPerMessage;
    add(message.role);
    add(message.content);
    if (message.name !== undefined) {
      tokens += tokensPerName;
      add(message.name);
    }
  }
  if (encoding !== undefined) return { tokens, exact: !bounded };
  return { tokens: estimateFromO200k(tokens), exact: false };
}
