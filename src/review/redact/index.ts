export { type RedactResult, redactSecrets } from './redact-secrets.ts';
export { placeholderFor, type SecretKind, type SecretKindName, secretKinds } from './secret-kinds.ts';
