/** One line of `steward doctor`: what was checked, how it went, and what to do about it. */
export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

export function ok(name: string, detail: string): Check {
  return { name, status: 'ok', detail };
}

export function warn(name: string, detail: string, fix: string): Check {
  return { name, status: 'warn', detail, fix };
}

export function fail(name: string, detail: string, fix: string): Check {
  return { name, status: 'fail', detail, fix };
}
