import type { ActionKind } from '../history/index.ts';

/** Past tense of the verbs responders start actions with, to the imperative. */
const presentTense = new Map<string, string>(
  Object.entries({
    added: 'add',
    allowed: 'allow',
    blocked: 'block',
    bounced: 'bounce',
    canceled: 'cancel',
    cancelled: 'cancel',
    capped: 'cap',
    checked: 'check',
    cleared: 'clear',
    cordoned: 'cordon',
    decreased: 'decrease',
    delegated: 'delegate',
    deployed: 'deploy',
    disabled: 'disable',
    drained: 'drain',
    dropped: 'drop',
    enabled: 'enable',
    excluded: 'exclude',
    expanded: 'expand',
    fixed: 'fix',
    flushed: 'flush',
    grew: 'grow',
    increased: 'increase',
    issued: 'issue',
    killed: 'kill',
    lowered: 'lower',
    moved: 'move',
    paused: 'pause',
    pointed: 'point',
    posted: 'post',
    promoted: 'promote',
    pruned: 'prune',
    purged: 'purge',
    raised: 'raise',
    rebooted: 'reboot',
    recreated: 'recreate',
    reloaded: 'reload',
    removed: 'remove',
    replaced: 'replace',
    requested: 'request',
    restarted: 'restart',
    restored: 'restore',
    reverted: 'revert',
    rolled: 'roll',
    rotated: 'rotate',
    routed: 'route',
    ran: 'run',
    reran: 'rerun',
    scaled: 'scale',
    skipped: 'skip',
    stopped: 'stop',
    switched: 'switch',
    throttled: 'throttle',
    turned: 'turn',
    updated: 'update',
    uploaded: 'upload',
    waited: 'wait',
  }),
);

/**
 * The text actions are compared by: lowercased, whitespace collapsed, trailing punctuation and a
 * leading "we"/"then" dropped, and a leading past-tense verb in the imperative
 * (`Restarted the payments-api pods.` → `restart the payments-api pods`).
 */
export function normalizeActionText(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!;:,\s]+$/, '')
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && (words[0] === 'we' || words[0] === 'then')) words.shift();
  const first = words[0];
  if (first !== undefined) words[0] = presentTense.get(first) ?? first;
  return words.join(' ');
}

const kindRules: [RegExp, ActionKind][] = [
  [/\b(?:roll(?:ed)? ?back|rollback|revert(?:ed)?|downgrade)\b/, 'rollback'],
  [/\b(?:fail(?:ed)? ?over|failover|promote[ds]?|switchover)\b/, 'failover'],
  [/\b(?:flush\w*|purge[ds]?|invalidate[ds]?)\b|\bclear(?:ed)? (?:the )?(?:\w+ )?cache\b/, 'flush_cache'],
  [/\b(?:restart\w*|reboot\w*|bounce[ds]?|recycle[ds]?|kill(?:ed)?)\b/, 'restart'],
  [
    /\b(?:scale[ds]?|scaling|autoscal\w*)\b|\badd(?:ed)? (?:\w+ )?(?:replicas|pods|workers|instances|shards)\b/,
    'scale',
  ],
  [/\b(?:deploy\w*|hotfix\w*|release[ds]?|ship(?:ped)?)\b/, 'deploy'],
  [
    /\b(?:terraform|volumes?|disks?|node ?groups?|node pool|instance types?|ami|launch template|partitions|dns record|load balancer|certificates?)\b/,
    'infra_change',
  ],
  [
    /\b(?:config\w*|flags?|settings?|limits?|timeouts?|ttl|set|raise[ds]?|lower(?:ed)?|increase[ds]?|decrease[ds]?|disable[ds]?|enable[ds]?|turn(?:ed)? (?:off|on)|toggle[ds]?|switch(?:ed)?)\b/,
    'config_change',
  ],
  [
    /\b(?:status ?page|notif\w*|announc\w*|communicat\w*|post(?:ed)? (?:an? )?update|emailed|informed)\b/,
    'communicate',
  ],
  [
    /\b(?:investigat\w*|check(?:ed)?|look(?:ed)? at|inspect\w*|analy[sz]\w*|debug\w*|wait(?:ed)?|monitor\w*)\b/,
    'investigate',
  ],
];

/** The kind of an action from its text, when the history does not say: the first rule that matches. */
export function inferActionKind(text: string): ActionKind {
  const lower = text.toLowerCase();
  for (const [pattern, kind] of kindRules) if (pattern.test(lower)) return kind;
  return 'other';
}
