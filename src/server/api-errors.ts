import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { ExitCode, StewardError } from '../errors/index.ts';
import type { Logger } from '../logging/index.ts';

/** The JSON body of every error answer: what was wrong, and what to do about it. */
export interface ApiErrorBody {
  error: string;
  hint?: string;
  issues?: { path: string; message: string }[];
}

/**
 * Maps an error to a JSON answer: a Steward error keeps its message with the status its kind implies
 * (`httpStatus` on the error, else 400), bad input names the field, anything else is a logged 500 that
 * does not leak internals. The process never crashes on a request.
 */
export function errorAnswer(error: unknown, context: Context, logger: Logger): Response {
  if (error instanceof HTTPException) {
    const response = error.getResponse();
    if (response.headers.get('content-type')?.includes('application/json')) return response;
    return context.json({ error: error.message || response.statusText }, error.status);
  }
  if (error instanceof ZodError) {
    return context.json(
      {
        error: 'the request is not valid',
        issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      } satisfies ApiErrorBody,
      400,
    );
  }
  if (error instanceof StewardError) {
    const status =
      (error as StewardError & { httpStatus?: number }).httpStatus ??
      (error.exitCode === ExitCode.usage ? 400 : error.exitCode === ExitCode.budgetRefused ? 409 : 500);
    if (status >= 500) logger.error({ err: error, path: context.req.path }, 'request failed');
    const body: ApiErrorBody = {
      error: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
    return context.json(body, status as 400);
  }
  logger.error({ err: error, path: context.req.path }, 'request failed');
  return context.json({ error: 'internal error: see the server log' } satisfies ApiErrorBody, 500);
}
