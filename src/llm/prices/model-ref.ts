/** A model reference split into its parts: `gpt-4.1-mini`, `openai:gpt-4.1-mini`, `ollama:llama3.1:8b`. */
export interface ModelRef {
  /** `openai`, `anthropic` or an OpenAI-compatible endpoint's name; undefined when not given. */
  provider: string | undefined;
  model: string;
}

const modelRefPattern = /^(?:([a-z][a-z0-9_-]*):)?([A-Za-z0-9](?:\S*[^\s:])?)$/;

/**
 * Parses `model` or `provider:model`; undefined when the reference is malformed. The part before the
 * first `:` is a provider when it looks like one (lower-case letters, digits, `-`, `_`), so a model name
 * with a tag, such as Ollama's `qwen2:7b`, must be qualified: `ollama:qwen2:7b`.
 */
export function parseModelRef(modelRef: string): ModelRef | undefined {
  const match = modelRefPattern.exec(modelRef);
  if (match === null) return undefined;
  return { provider: match[1], model: match[2]! };
}
