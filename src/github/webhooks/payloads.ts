import { z } from 'zod';

/** The parts of GitHub webhook payloads Steward reads; everything else passes through unread. */
const user = z.looseObject({ login: z.string(), type: z.string().optional() });
const repository = z.looseObject({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) });
const installation = z.looseObject({ id: z.number().int().positive() }).optional();

export const pullRequestEvent = z.looseObject({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    draft: z.boolean().optional(),
    state: z.string().optional(),
    head: z.looseObject({ sha: z.string().regex(/^[0-9a-f]{40}$/) }),
  }),
  repository,
  installation,
});

export const issueCommentEvent = z.looseObject({
  action: z.string(),
  issue: z.looseObject({
    number: z.number().int().positive(),
    pull_request: z.looseObject({}).optional(),
  }),
  comment: z.looseObject({
    id: z.number().int(),
    body: z.string().nullable(),
    user,
    author_association: z.string().optional(),
  }),
  repository,
  installation,
  sender: user,
});

export const reviewCommentEvent = z.looseObject({
  action: z.string(),
  comment: z.looseObject({
    id: z.number().int(),
    body: z.string().nullable(),
    in_reply_to_id: z.number().int().optional(),
    user,
    created_at: z.string().optional(),
  }),
  pull_request: z.looseObject({ number: z.number().int().positive() }),
  repository,
  installation,
});

export const reviewThreadEvent = z.looseObject({
  action: z.string(),
  thread: z.looseObject({ comments: z.array(z.looseObject({ id: z.number().int() })) }),
  pull_request: z.looseObject({ number: z.number().int().positive() }),
  repository,
  installation,
  sender: user,
});

export const installationEvent = z.looseObject({
  action: z.string(),
  installation: z.looseObject({
    id: z.number().int().positive(),
    account: z.looseObject({ login: z.string() }).nullable(),
  }),
});

export type PullRequestEvent = z.output<typeof pullRequestEvent>;
export type IssueCommentEvent = z.output<typeof issueCommentEvent>;
export type ReviewCommentEvent = z.output<typeof reviewCommentEvent>;
export type ReviewThreadEvent = z.output<typeof reviewThreadEvent>;
export type InstallationEvent = z.output<typeof installationEvent>;
