import { StewardError } from '../../errors/index.ts';

/** A provider reported token usage that cannot be right: negative, not a whole number, or inconsistent. */
export class InvalidUsageError extends StewardError {
  /** The usage field at fault. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid token usage: ${message}`, {
      hint: 'the usage cannot be priced; settle the call at its reserved worst-case cost',
    });
    this.field = field;
  }
}
