import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

/** Restarts and rollbacks in production need one of sre; deploys two of sre and leads; expiry 30 min. */
const stewardYml = `approvals:
  expiry_minutes: 30
  groups:
    sre: [alice, bob]
    leads: [dana]
  rules:
    - kinds: [restart, rollback]
      environments: [production]
      decision: approve
      approvers: [sre]
    - kinds: [deploy]
      environments: [production]
      decision: approve
      approvers: [sre, leads]
      min_approvals: 2
  blast_radius:
    inventory:
      api: [api-1, api-2, api-3, api-4]
`;

const restart = {
  kind: 'restart',
  targets: { hosts: ['api-1'] },
  environment: 'production',
  arguments: { graceful: true },
  agent: 'incidents',
  run: 'c0ffee01',
  reason: 'Restarting api-1 resolved 3 of 3 similar incidents.',
};

const files = {
  '.git/HEAD': '',
  '.steward.yml': stewardYml,
  'restart.json': JSON.stringify(restart, null, 2),
  'rollback.yml':
    'kind: rollback\ntargets:\n  services: []\n  hosts: [api-2]\nenvironment: production\narguments:\n  to: v41\nagent: incidents\nrun: c0ffee02\nreason: v42 doubled the error rate\n',
  'staging-restart.yml':
    'kind: restart\ntargets:\n  hosts: [api-1]\nenvironment: staging\nagent: incidents\nrun: c0ffee03\nreason: try it in staging first\n',
  'deploy.yml':
    'kind: deploy\ntargets:\n  hosts: [api-2]\nenvironment: production\narguments:\n  version: v43\nagent: review\nrun: pr-17\nreason: ship the fix\nrequested_by: bob\n',
};

const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z/.source;
const regexLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** sha-256 over the action as canonical JSON (keys sorted), computed here independently of src/. */
function expectedHash(action: {
  kind: string;
  environment: string;
  targets: { services?: string[]; hosts?: string[] };
  arguments?: Record<string, unknown>;
}): string {
  const canonical = JSON.stringify({
    arguments: action.arguments ?? {},
    environment: action.environment,
    kind: action.kind,
    targets: {
      hosts: [...(action.targets.hosts ?? [])].sort(),
      services: [...(action.targets.services ?? [])].sort(),
    },
  });
  return createHash('sha256').update(canonical).digest('hex');
}

interface RequestJson {
  id: string;
  status: string;
  kind: string;
  environment: string;
  actionHash: string;
  proposedBy: string;
  outcomeReason: string | null;
  createdAtMs: number;
  expiresAtMs: number;
  policy: {
    decision: string;
    rule: string;
    approvers: string[];
    minApprovals: number;
    waitMinutes: number;
    wide: boolean;
    notes: string[];
  };
}

test('steward approvals: propose, list, show, approve with the hash, reject with a reason; the audit log stays intact', async () => {
  const workspace = makeWorkspace(files);
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });

    const before = Date.now();
    const proposed = await cli('approvals', 'propose', 'restart.json');
    const after = Date.now();
    assert.equal(proposed.code, 0, proposed.stderr);
    const waits = new RegExp(
      `^(ar_[0-9a-f]{10}) waits for 1 approval\\(s\\) from sre \\(approvals\\.rules\\[0\\]\\) until (${iso})\\n$`,
    ).exec(proposed.stdout);
    assert.ok(waits, proposed.stdout);
    const id = waits[1]!;
    const until = Date.parse(waits[2]!);
    assert.ok(
      until >= before + 30 * 60_000 && until <= after + 30 * 60_000,
      `expires 30 min (expiry_minutes) after proposing, got ${waits[2]}`,
    );

    const table = await cli('approvals', 'list');
    assert.equal(table.code, 0, table.stderr);
    const rows = table.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 2, table.stdout);
    assert.match(rows[0]!, /^id +status +kind +env +targets +needs +agent +expires +reason$/);
    assert.match(
      rows[1]!,
      new RegExp(
        `^${id} +pending +restart +production +host:api-1 +1 approval\\(s\\) +incidents/c0ffee01 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +Restarting api-1 resolved 3 of 3 similar incident…$`,
      ),
    );

    const json = await cli('approvals', 'list', '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    const { requests } = JSON.parse(json.stdout) as { requests: RequestJson[] };
    assert.equal(requests.length, 1);
    const request = requests[0]!;
    assert.equal(request.id, id);
    assert.equal(request.status, 'pending');
    assert.equal(request.proposedBy, 'agent:incidents');
    assert.equal(request.expiresAtMs - request.createdAtMs, 30 * 60_000);
    assert.equal(request.expiresAtMs, until);
    assert.deepEqual(request.policy, {
      decision: 'approve',
      rule: 'approvals.rules[0]',
      approvers: ['sre'],
      minApprovals: 1,
      waitMinutes: 0,
      wide: false,
      notes: [],
    });
    const hash = expectedHash(restart);
    assert.equal(request.actionHash, hash, 'the hash covers kind, environment, targets and arguments');

    const shown = await cli('approvals', 'show', id);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(
      shown.stdout,
      new RegExp(
        [
          `^${id} {2}pending`,
          'action: {6}restart in production on host:api-1',
          'arguments: {3}\\{"graceful":true\\}',
          `hash: {8}${hash}`,
          `proposed by: agent:incidents \\(agent incidents, run c0ffee01\\) at ${iso}`,
          'reason: {6}Restarting api-1 resolved 3 of 3 similar incidents\\.',
          'policy: {6}approve by approvals\\.rules\\[0\\]: 1 approval\\(s\\) from sre',
          `expires: {5}${regexLiteral(new Date(until).toISOString().replace('.000Z', 'Z'))}`,
          '',
          'decisions:',
          ' {2}none',
          '',
          'audit:',
          ` {2}#1 ${iso} {2}proposed by agent:incidents\\n$`,
        ].join('\\n'),
      ),
    );

    const mallory = await cli('approvals', 'approve', id, '--by', 'mallory');
    assert.equal(mallory.code, 2);
    assert.equal(
      mallory.stderr,
      `steward: mallory is not in the approver groups of ${id} (sre).\nnext: Members are listed under approvals.groups in .steward.yml.\n`,
    );
    assert.equal(mallory.stdout, '');
    const dana = await cli('approvals', 'approve', id, '--by', 'dana');
    assert.equal(dana.code, 2, 'dana is an approver, but not in sre, the only group of this rule');
    assert.match(dana.stderr, /^steward: dana is not in the approver groups of ar_\w+ \(sre\)\.$/m);

    const wrongHash = await cli('approvals', 'approve', id, '--by', 'alice', '--hash', 'f'.repeat(64));
    assert.equal(wrongHash.code, 2);
    assert.match(
      wrongHash.stderr,
      new RegExp(
        `^steward: Request ${id} is not the action you saw: its hash is ${hash.slice(0, 12)}, not ffffffffffff\\.\\nnext: Read it again \\(\`steward approvals show\`\\)`,
      ),
    );
    const stillPending = await cli('approvals', 'show', id, '--format', 'json');
    const refused = JSON.parse(stillPending.stdout) as {
      request: RequestJson;
      decisions: unknown[];
      audit: { event: string }[];
    };
    assert.equal(refused.request.status, 'pending');
    assert.deepEqual(refused.decisions, [], 'refused decisions are not recorded');
    assert.deepEqual(
      refused.audit.map((entry) => entry.event),
      ['proposed'],
    );

    const approved = await cli(
      'approvals',
      'approve',
      id,
      '--by',
      'alice',
      '--hash',
      hash,
      '--comment',
      'checked the runbook',
    );
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(approved.stdout, `${id} approved (1 of 1); it runs now; \`steward serve\` runs it\n`);
    const twice = await cli('approvals', 'approve', id, '--by', 'bob');
    assert.equal(twice.code, 2);
    assert.match(
      twice.stderr,
      new RegExp(`^steward: Request ${id} is approved: only a pending request can be decided\\.\\n`),
    );

    const afterApproval = await cli('approvals', 'show', id);
    assert.equal(afterApproval.code, 0, afterApproval.stderr);
    assert.match(afterApproval.stdout, new RegExp(`^${id} {2}approved\\n`));
    assert.doesNotMatch(afterApproval.stdout, /^expires:/m, 'only a pending request shows its expiry');
    assert.match(
      afterApproval.stdout,
      new RegExp(
        `\\ndecisions:\\n {2}${iso} {2}alice approved via cli: checked the runbook\\n\\naudit:\\n {2}#1 ${iso} {2}proposed by agent:incidents\\n {2}#2 ${iso} {2}approved by alice\\n {2}#3 ${iso} {2}approval_complete by alice\\n$`,
      ),
    );

    const rollback = await cli('approvals', 'propose', 'rollback.yml');
    assert.equal(rollback.code, 0, rollback.stderr);
    const rollbackId = /^(ar_[0-9a-f]{10}) waits for 1 approval\(s\) from sre /.exec(rollback.stdout)?.[1];
    assert.ok(rollbackId, rollback.stdout);
    assert.notEqual(rollbackId, id);

    const noComment = await cli('approvals', 'reject', rollbackId, '--by', 'bob');
    assert.notEqual(noComment.code, 0);
    assert.equal(noComment.code, 2);
    assert.match(noComment.stderr, /required option '--comment <text>' not specified/);
    const blank = await cli('approvals', 'reject', rollbackId, '--by', 'bob', '--comment', '   ');
    assert.equal(blank.code, 2);
    assert.match(blank.stderr, /^steward: A rejection needs a comment: the agent is told why\.\n/);

    const rejected = await cli(
      'approvals',
      'reject',
      rollbackId,
      '--by',
      'bob',
      '--comment',
      'the error rate is already falling',
    );
    assert.equal(rejected.code, 0, rejected.stderr);
    assert.equal(rejected.stdout, `${rollbackId} rejected; the agent has been told why\n`);
    const shownRejected = await cli('approvals', 'show', rollbackId);
    assert.equal(shownRejected.code, 0, shownRejected.stderr);
    assert.match(
      shownRejected.stdout,
      new RegExp(`^${rollbackId} {2}rejected: rejected by bob: the error rate is already falling\\n`),
    );
    assert.match(shownRejected.stdout, /^action: {6}rollback in production on host:api-2$/m);
    assert.match(shownRejected.stdout, /^arguments: {3}\{"to":"v41"\}$/m);
    assert.match(
      shownRejected.stdout,
      new RegExp(
        `^hash: {8}${expectedHash({ kind: 'rollback', environment: 'production', targets: { hosts: ['api-2'] }, arguments: { to: 'v41' } })}$`,
        'm',
      ),
    );
    assert.match(
      shownRejected.stdout,
      new RegExp(
        `\\ndecisions:\\n {2}${iso} {2}bob rejected via cli: the error rate is already falling\\n\\naudit:\\n {2}#\\d+ ${iso} {2}proposed by agent:incidents\\n {2}#\\d+ ${iso} {2}rejected by bob\\n$`,
      ),
    );
    const rejectAgain = await cli('approvals', 'approve', rollbackId, '--by', 'alice');
    assert.equal(rejectAgain.code, 2);
    assert.match(
      rejectAgain.stderr,
      /is rejected \(rejected by bob: the error rate is already falling\): only a pending/,
    );

    const staging = await cli('approvals', 'propose', 'staging-restart.yml');
    assert.equal(staging.code, 0, staging.stderr);
    const auto = /^(ar_[0-9a-f]{10}) approved \(default: non-production\)\n$/.exec(staging.stdout);
    assert.ok(auto, staging.stdout);
    const stagingId = auto[1]!;
    const shownStaging = await cli('approvals', 'show', stagingId);
    assert.match(shownStaging.stdout, new RegExp(`^${stagingId} {2}approved\\n`));
    assert.match(shownStaging.stdout, /^policy: {6}auto by default: non-production$/m);
    assert.match(
      shownStaging.stdout,
      new RegExp(
        `\\ndecisions:\\n {2}none\\n\\naudit:\\n {2}#\\d+ ${iso} {2}proposed by agent:incidents\\n {2}#\\d+ ${iso} {2}approval_complete by policy\\n$`,
      ),
    );

    const open = await cli('approvals', 'list', '--format', 'json');
    assert.deepEqual(
      (JSON.parse(open.stdout) as { requests: RequestJson[] }).requests.map((r) => [r.id, r.status]),
      [
        [stagingId, 'approved'],
        [id, 'approved'],
      ],
      'open (the default) is pending, approved or executing, newest first: not the rejected one',
    );
    const onlyRejected = await cli('approvals', 'list', '--status', 'rejected');
    assert.equal(onlyRejected.code, 0, onlyRejected.stderr);
    assert.match(
      onlyRejected.stdout,
      new RegExp(
        `^${rollbackId} +rejected +rollback +production +host:api-2 +1 approval\\(s\\) +incidents/c0ffee02 +- +v42 doubled the error rate$`,
        'm',
      ),
    );
    assert.equal(onlyRejected.stdout.trimEnd().split('\n').length, 2);
    const all = await cli('approvals', 'list', '--status', 'all', '--limit', '2', '--format', 'json');
    assert.deepEqual(
      (JSON.parse(all.stdout) as { requests: RequestJson[] }).requests.map((r) => r.id),
      [stagingId, rollbackId],
    );
    const pending = await cli('approvals', 'list', '--status', 'pending');
    assert.equal(pending.stdout, 'no pending approval requests\n');

    const unknown = await cli('approvals', 'approve', 'ar_0000000000', '--by', 'alice');
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'steward: No approval request has the id "ar_0000000000".\nnext: Ids look like ar_0123456789; `steward approvals list` shows the pending ones.\n',
    );

    // restart: proposed, approved, approval_complete; rollback: proposed, rejected;
    // staging: proposed, approval_complete. Refused decisions wrote nothing.
    const verify = await cli('audit', 'verify');
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^audit log intact: 7 entries, head [0-9a-f]{12}\n$/);
  } finally {
    workspace.remove();
  }
});

test('steward approvals: bad files, flags and ids exit 2 naming the problem, and nothing is stored', async () => {
  const workspace = makeWorkspace({
    ...files,
    'reboot.yml':
      'kind: reboot\ntargets:\n  hosts: [api-1]\nenvironment: production\nagent: incidents\nrun: r1\nreason: it is slow\n',
    'no-targets.json': JSON.stringify({ ...restart, targets: {}, reason: ' ' }),
    'broken.yml': 'kind: restart\ntargets: [api-1\n',
  });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });

    const reboot = await cli('approvals', 'propose', 'reboot.yml');
    assert.equal(reboot.code, 2);
    assert.equal(reboot.stdout, '');
    assert.equal(
      reboot.stderr,
      'steward: The proposed action is not valid: kind: unknown action kind "reboot": expected one of deploy, rollback, restart, scale, config_change, infra_change, escalate, page, suggest, analyse.\n' +
        'next: An action needs kind, targets (services and/or hosts), environment, agent, run and reason.\n',
    );

    const noTargets = await cli('approvals', 'propose', 'no-targets.json');
    assert.equal(noTargets.code, 2);
    assert.match(
      noTargets.stderr,
      /^steward: The proposed action is not valid: targets: expected at least one target; reason: a reason is required\.\n/,
    );

    const broken = await cli('approvals', 'propose', 'broken.yml');
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /^steward: broken\.yml: Flow sequence in block collection must be sufficiently indented and end with a \]/,
    );
    assert.match(broken.stderr, /at line \d+, column \d+/);

    const missing = await cli('approvals', 'propose', 'nowhere.yml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^steward: nowhere\.yml: ENOENT: no such file or directory/);

    const zero = await cli('approvals', 'list', '--limit', '0');
    assert.equal(zero.code, 2);
    assert.equal(zero.stderr, 'steward: --limit expects a whole number from 1 to 1000, got "0"\n');
    const many = await cli('approvals', 'list', '--limit', 'many');
    assert.equal(many.code, 2);
    assert.match(many.stderr, /--limit expects a whole number from 1 to 1000, got "many"/);
    const status = await cli('approvals', 'list', '--status', 'bogus');
    assert.equal(status.code, 2);
    assert.match(status.stderr, /argument 'bogus' is invalid\. Allowed choices are open, pending, approved/);
    const format = await cli('approvals', 'show', 'ar_0000000000', '--format', 'yaml');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /argument 'yaml' is invalid\. Allowed choices are text, json/);

    for (const args of [
      ['show', 'ar_0000000000'],
      ['approve', 'ar_0000000000', '--by', 'alice'],
      ['reject', 'ar_0000000000', '--by', 'alice', '--comment', 'no'],
    ]) {
      const run = await cli('approvals', ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(
        run.stderr,
        /^steward: No approval request has the id "ar_0000000000"\.\n/,
        args.join(' '),
      );
    }

    const list = await cli('approvals', 'list', '--status', 'all', '--format', 'json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), { requests: [] });
    const empty = await cli('approvals', 'list');
    assert.equal(empty.stdout, 'no open approval requests\n');
    const all = await cli('approvals', 'list', '--status', 'all');
    assert.equal(all.stdout, 'no approval requests\n');
    const verify = await cli('audit', 'verify');
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal(verify.stdout, 'audit log intact: 0 entries, head (empty)\n');
  } finally {
    workspace.remove();
  }
});

test('steward approvals: agents and proposers cannot decide, a person counts once, --by defaults to $USER', async () => {
  const workspace = makeWorkspace(files);
  try {
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: workspace.dir, env });

    const proposed = await cli(['approvals', 'propose', 'deploy.yml']);
    assert.equal(proposed.code, 0, proposed.stderr);
    const id =
      /^(ar_[0-9a-f]{10}) waits for 2 approval\(s\) from sre, leads \(approvals\.rules\[1\]\) until /.exec(
        proposed.stdout,
      )?.[1];
    assert.ok(id, proposed.stdout);

    const agent = await cli(['approvals', 'approve', id, '--by', 'review']);
    assert.equal(agent.code, 2);
    assert.match(agent.stderr, /^steward: review is an agent: an agent proposes, it never approves\.\n/);
    const proposer = await cli(['approvals', 'approve', id, '--by', 'bob']);
    assert.equal(proposer.code, 2);
    assert.equal(
      proposer.stderr,
      `steward: bob asked for ${id}: the proposer cannot decide on it.\nnext: Ask someone else in the approver groups.\n`,
    );
    const nobody = await cli(['approvals', 'approve', id]);
    assert.equal(nobody.code, 2, 'without --by and $USER the person is "cli", who is in no group');
    assert.match(
      nobody.stderr,
      new RegExp(`^steward: cli is not in the approver groups of ${id} \\(sre, leads\\)\\.`),
    );
    const badName = await cli(['approvals', 'approve', id, '--by', 'alice smith']);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /^steward: "alice smith" is not a valid person name: /);

    const first = await cli(['approvals', 'approve', id], { USER: 'alice' });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${id}: approval 1 of 2 recorded; waiting for more\n`);
    const again = await cli(['approvals', 'approve', id, '--by', 'alice']);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      new RegExp(`^steward: alice has already decided on ${id}: the same person counts once\\.\\n`),
    );
    const listed = await cli(['approvals', 'list', '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { requests: RequestJson[] }).requests.map((r) => r.status),
      ['pending'],
    );

    const second = await cli(['approvals', 'approve', id, '--by', 'dana', '--comment', 'lgtm']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, `${id} approved (2 of 2); it runs now; \`steward serve\` runs it\n`);

    const shown = await cli(['approvals', 'show', id]);
    assert.match(shown.stdout, /^proposed by: bob \(agent review, run pr-17\) at /m);
    assert.match(
      shown.stdout,
      /^policy: {6}approve by approvals\.rules\[1\]: 2 approval\(s\) from sre, leads$/m,
    );
    assert.match(
      shown.stdout,
      new RegExp(
        `\\ndecisions:\\n {2}${iso} {2}alice approved via cli\\n {2}${iso} {2}dana approved via cli: lgtm\\n\\naudit:\\n {2}#1 ${iso} {2}proposed by bob\\n {2}#2 ${iso} {2}approved by alice\\n {2}#3 ${iso} {2}approved by dana\\n {2}#4 ${iso} {2}approval_complete by dana\\n$`,
      ),
    );
    const json = await cli(['approvals', 'show', id, '--format', 'json']);
    const detail = JSON.parse(json.stdout) as {
      request: RequestJson;
      decisions: { person: string; decision: string; via: string; current: boolean }[];
      steps: unknown[];
      audit: { seq: number; event: string; actor: string }[];
    };
    assert.equal(detail.request.status, 'approved');
    assert.deepEqual(
      detail.decisions.map((d) => [d.person, d.decision, d.via, d.current]),
      [
        ['alice', 'approve', 'cli', true],
        ['dana', 'approve', 'cli', true],
      ],
    );
    assert.deepEqual(detail.steps, [], 'nothing ran: `steward serve` runs approved actions');
    assert.deepEqual(
      detail.audit.map((entry) => [entry.seq, entry.event, entry.actor]),
      [
        [1, 'proposed', 'bob'],
        [2, 'approved', 'alice'],
        [3, 'approved', 'dana'],
        [4, 'approval_complete', 'dana'],
      ],
    );

    const verify = await cli(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^audit log intact: 4 entries, head [0-9a-f]{12}\n$/);
  } finally {
    workspace.remove();
  }
});

test('steward approvals propose: what the policy decides without a matching rule', async () => {
  const workspace = makeWorkspace({
    ...files,
    'wide.yml':
      'kind: restart\ntargets:\n  services: [api]\nenvironment: production\nagent: incidents\nrun: r1\nreason: every instance is leaking memory\n',
    'scale.yml':
      'kind: scale\ntargets:\n  hosts: [api-1]\nenvironment: prod\narguments:\n  replicas: 6\nagent: incidents\nrun: r2\nreason: traffic doubled\n',
    'suggest.yml':
      'kind: suggest\ntargets:\n  services: [api]\nenvironment: production\nagent: incidents\nrun: r3\nreason: look at the slow query log\n',
    'dedupe.yml':
      'kind: restart\ntargets:\n  hosts: [api-3]\nenvironment: production\nagent: incidents\nrun: r4\nreason: stuck worker\ndedupe_key: incident-42-restart\n',
  });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });

    const wide = await cli('approvals', 'propose', 'wide.yml');
    assert.equal(wide.code, 0, wide.stderr);
    assert.match(
      wide.stdout,
      /^ar_[0-9a-f]{10} denied: covers 4 of 4 instances of api \(100% > 50%\); no rule with wide: true allows it: split it into smaller actions, or add one\n$/,
    );
    const scale = await cli('approvals', 'propose', 'scale.yml');
    assert.equal(scale.code, 0, scale.stderr);
    assert.match(
      scale.stdout,
      /^ar_[0-9a-f]{10} denied: no rule in approvals\.rules allows scale in prod: denied by default\n$/,
    );
    const suggest = await cli('approvals', 'propose', 'suggest.yml');
    assert.equal(suggest.code, 0, suggest.stderr);
    assert.match(suggest.stdout, /^ar_[0-9a-f]{10} approved \(default: read-only kinds\)\n$/);

    const first = await cli('approvals', 'propose', 'dedupe.yml');
    const id = /^(ar_[0-9a-f]{10}) waits for 1 approval\(s\)/.exec(first.stdout)?.[1];
    assert.ok(id, first.stdout);
    const second = await cli('approvals', 'propose', 'dedupe.yml');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, `already proposed as ${id} (pending)\n`);

    const denied = await cli('approvals', 'list', '--status', 'denied', '--format', 'json');
    assert.deepEqual(
      (JSON.parse(denied.stdout) as { requests: RequestJson[] }).requests.map((r) => [r.kind, r.policy.rule]),
      [
        ['scale', 'default: deny'],
        ['restart', 'default: wide actions'],
      ],
    );
    // wide: proposed, denied; scale: proposed, denied; suggest: proposed, approval_complete; dedupe: proposed.
    const verify = await cli('audit', 'verify');
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^audit log intact: 7 entries, head [0-9a-f]{12}\n$/);
  } finally {
    workspace.remove();
  }
});
