import { type ApprovalDeps, decideRequest } from '../approvals/index.ts';
import type { SlackDecide } from '../approvals/slack/index.ts';
import { StewardError } from '../errors/index.ts';

/** A Slack button's decision, taken through the gate like any other; a refusal is told to the clicker. */
export function slackDecide(approvals: ApprovalDeps, onQueued?: () => void): SlackDecide {
  return async (input) => {
    try {
      const result = await decideRequest(approvals, input);
      if (result.request.status === 'approved') onQueued?.();
      return { ok: true, message: result.message };
    } catch (error) {
      if (error instanceof StewardError) return { ok: false, message: error.message };
      throw error;
    }
  };
}
