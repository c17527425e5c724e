export { createMeter, type MeterOptions } from './create-meter.ts';
export type { Meter, MeterRequest, MeterResult, MeterSuccess } from './meter-request.ts';
export { providerSettingsFor } from './provider-settings-for.ts';
export { type Candidate, resolveCandidates } from './resolve-candidates.ts';
