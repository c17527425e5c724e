import { UsageError } from '../errors/index.ts';

/** The request's JSON body; an empty body is `{}`. A body that is not JSON is a 400 naming the problem. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the body is not JSON: ${(error as Error).message}`);
  }
}
