import { StewardError } from './steward-error.ts';

/** The database cannot be reached, opened or migrated. */
export class StoreError extends StewardError {}
