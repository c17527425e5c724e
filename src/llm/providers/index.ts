export {
  createLanguageModel,
  type FetchFunction,
  type LanguageModelOptions,
  type ProviderName,
  type ResolvedLanguageModel,
} from './create-language-model.ts';
export { createModelCaller, type ModelCallerOptions, type Sleep } from './create-model-caller.ts';
export type { CallModel, ModelMessage, ModelRequest, ModelResult } from './model-request.ts';
export {
  type ModelUsage,
  type UsageCounting,
  uncachedInputTokens,
  usageCountingOf,
} from './model-usage.ts';
export { ProviderError, type ProviderErrorDetails, type ProviderErrorKind } from './provider-error.ts';
export {
  type AnthropicSettings,
  type CompatibleEndpointSettings,
  type OpenAiApi,
  type OpenAiSettings,
  type ProviderSettings,
  providerSettingsFromEnv,
} from './provider-settings.ts';
export { backoffDelayMs, defaultRetryPolicy, type RetryPolicy, retryAfterMs } from './retry-delay.ts';
