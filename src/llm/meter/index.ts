export { createMeter, type MeterOptions } from './create-meter.ts';
export type { Meter, MeterRequest, MeterResult, MeterSuccess } from './meter-request.ts';
export { keyVariableOf, providerOfRef, providerReady, unreadyTiers } from './provider-readiness.ts';
export { providerSettingsFor } from './provider-settings-for.ts';
export { type Candidate, resolveCandidates } from './resolve-candidates.ts';
