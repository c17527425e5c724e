/**
 * Thrown by a job handler to fail its job at once, without retrying: the input can never succeed
 * (a payload that does not validate, a repository that no longer exists). `message` is stored as the
 * job's last error and may be shown to users.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
