/** The Block Kit pieces Steward's approval messages use. */
export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackPlainText;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: {
    title: SlackPlainText;
    text: SlackPlainText;
    confirm: SlackPlainText;
    deny: SlackPlainText;
    style?: 'primary' | 'danger';
  };
}

export type SlackBlock =
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'actions'; block_id: string; elements: SlackButton[] }
  | { type: 'divider' };

/** A message as `chat.postMessage` and `chat.update` take it: the blocks, and `text` for notifications. */
export interface SlackMessageContent {
  text: string;
  blocks: SlackBlock[];
}

/** Cuts `text` to at most `length` characters, marking the cut. */
export function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
