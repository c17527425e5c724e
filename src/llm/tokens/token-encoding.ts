/** The OpenAI BPE encodings Steward counts exactly. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base';

// Order matters: `gpt-4o` and `gpt-4.1` must be matched before the `gpt-4` family.
const o200kModels = /^(?:gpt-5|gpt-4\.1|gpt-4\.5|gpt-4o|chatgpt-4o|o1|o3|o4|gpt-oss|codex-mini)(?:$|[-.:])/;
const cl100kModels = /^(?:gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)(?:$|[-.:])/;

/** The encoding an OpenAI model uses, or undefined when it is not known to be one of these. */
export function encodingForModel(model: string): TokenEncoding | undefined {
  if (o200kModels.test(model)) return 'o200k_base';
  if (cl100kModels.test(model)) return 'cl100k_base';
  return undefined;
}
