/** The commented .steward.yml that `steward init` writes. Every key is optional; defaults are shown. */
export const starterConfig = `# Steward configuration. Every key is optional; the values shown are the defaults.
# Secrets never go in this file: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GITHUB_PRIVATE_KEY,
# GITHUB_WEBHOOK_SECRET and DATABASE_URL in the environment.
# yaml-language-server: $schema=./node_modules/steward/schema/steward.schema.json
version: 1

providers:
  openai:
    api: chat                  # chat | responses; base_url overrides OPENAI_BASE_URL
  anthropic: {}                # base_url overrides ANTHROPIC_BASE_URL
  compatible: {}               # OpenAI-compatible endpoints by name, e.g.
  #  ollama:
  #    base_url: http://localhost:11434/v1
  #    api_key_env: OLLAMA_API_KEY

# Agents ask for a tier, never a model. fast, balanced and deep exist by default;
# an entry here replaces the default of the same name.
tiers: {}
#  fast:
#    model: openai:gpt-4.1-mini
#    fallbacks: [anthropic:claude-haiku-4-5]
#    max_output_tokens: 2048   # the cap sent with every call, and the worst case priced
#    temperature: 0

# Prices in USD per 1M tokens, added to or replacing the shipped table. A model with no price is never called.
prices: {}
#  ollama:llama3.1:
#    input_usd_per_mtok: 0
#    output_usd_per_mtok: 0

calls:
  timeout_seconds: 60          # per attempt
  max_retries: 2

teams: {}
#  platform:
#    repos: [acme/api, acme/infra-*]

budgets:
  timezone: UTC                # daily and monthly windows start at midnight here
  lease_seconds: 300           # a reservation of a process that died is reclaimed after this
  org:
    daily_usd: 50
    monthly_usd: 1000
  teams: {}                    # e.g. platform: { monthly_usd: 300 }
  repos: {}                    # e.g. acme/api: { monthly_usd: 100 }
  agents: {}                   # review | incidents | learning, e.g. review: { daily_usd: 20 }
  per_pr:
    lifetime_usd: 2            # no pull request may cost more than this, however often it is pushed
  per_run:
    lifetime_usd: 1
  alerts:
    thresholds: [0.8, 1]       # each fires once per scope and window
    webhooks: []               # JSON POST to each URL
    slack_webhooks: []         # Slack incoming-webhook URLs
  kill_switch:
    enabled: true
    velocity_multiple: 5       # pause an agent whose last hour costs 5x its trailing hourly average
    min_hourly_usd: 1          # the smallest normal hourly spend: with little history, trips above 5 × this

review:
  tiers:                       # the tier per unit of work, by its risk score (0–1)
    simple: fast
    standard: balanced
    complex: deep
  tier_thresholds:
    standard: 0.3
    complex: 0.65
  include: []                  # when given, only matching files are reviewed
  exclude: []                  # e.g. ["docs/**", "**/*.generated.ts"]
  min_changed_lines: 1
  max_changed_lines: 3000
  critical_paths: []           # e.g. ["src/auth/**", "migrations/**"]: always high risk
  path_instructions: []        # e.g. [{ path: "src/api/**", instructions: "Check input validation." }]
  context:
    files: []                  # coding standards, architecture notes, compliance rules
    max_tokens: 4000
  batch:
    max_changed_lines: 40      # files this small are reviewed several to a request
    max_files: 8
  concurrency: 4
  max_findings_per_unit: 5
  post:                        # what becomes an inline comment; the rest are hints
    min_confidence: 0.7
    min_severity: high
  max_runs_per_pr_per_day: 10  # runaway protection
  lease_seconds: 60            # single-flight lease of a pull request review
  cache:
    max_entries: 100000        # hunk answers reused across branches and pull requests (least recently used go)
incidents:
  tier: balanced
# The approval gate: production actions wait for people. Without rules, read-only kinds
# (suggest, analyse) and non-production environments run at once; everything else is denied.
approvals:
  expiry_minutes: 60           # an undecided request expires: expiry is a denial
  groups: {}                   # e.g. sre: [alice, bob]
  rules: []                    # e.g. - { kinds: [restart, rollback], environments: [production], decision: approve, approvers: [sre] }
  blast_radius:
    max_targets_per_step: 1    # instances or hosts changed per step, with a health check between steps
    max_instance_share: 0.5    # over this share of a service's instances, an action is wide
    inventory: {}              # e.g. api: [api-1, api-2, api-3]
learning:
  tier: fast
`;
