export type { Check } from './check.ts';
export { type DoctorOptions, runDoctor } from './run-doctor.ts';
