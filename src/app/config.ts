/**
 * Configuration, parsed once at start from the environment (and an optional YAML/JSON file with
 * the same keys), validated with zod, then frozen. A bad value stops the daemon with a message
 * naming the key. Secrets come only from the environment (or files it points at).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TriagedError } from '../domain/errors.js';
import { REMEDIATION_ACTIONS } from '../domain/diagnosis.js';

const list = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p.length > 0));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.string().url();

/** Every key, as its environment variable name. Defaults live here and nowhere else. */
const schema = z.object({
  PORT: int(0, 65535).default(8080),
  TRIAGED_STORE_PATH: z.string().min(1).default('./data/triaged.db'),
  TRIAGED_CLUSTER_NAME: z.string().min(1).default('kubernetes'),
  TRIAGED_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KUBECONFIG: z.string().optional(),
  TRIAGED_KUBERNETES_WATCH: bool.default(true),
  TRIAGED_WATCH_NAMESPACES: list.default([]),
  TRIAGED_SQS_QUEUE_URL: url.optional(),
  AWS_REGION: z.string().optional(),
  TRIAGED_ALERTMANAGER_TOKEN: z.string().min(8).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be a Slack app-level token (xapp-…)').optional(),
  TRIAGED_SLACK_CHANNEL: z.string().min(1).optional(),
  TRIAGED_SLACK_API_URL: url.optional(),
  TRIAGED_APPROVERS: list.default([]),
  TRIAGED_PROMETHEUS_URL: url.optional(),
  TRIAGED_PROMETHEUS_BEARER_TOKEN_FILE: z.string().optional(),
  TRIAGED_PROMETHEUS_CA_FILE: z.string().optional(),
  TRIAGED_LOGS_INSIGHTS_ENABLED: bool.default(false),
  TRIAGED_LOGS_APP_LOG_GROUPS: list.default([]),
  TRIAGED_XRAY_ENABLED: bool.default(false),
  TRIAGED_LEADER_ELECTION: bool.default(false),
  TRIAGED_LEASE_NAME: z.string().default('triaged-leader'),
  POD_NAME: z.string().optional(),
  POD_NAMESPACE: z.string().optional(),
  TRIAGED_ALLOWED_NAMESPACES: list.default([]),
  TRIAGED_DENIED_NAMESPACES: list.default(['kube-system']),
  TRIAGED_TWO_APPROVER_ACTIONS: list
    .pipe(z.array(z.enum([...REMEDIATION_ACTIONS, 'scale-down'])))
    .default(['rollout-undo', 'cordon-node', 'scale-down']),
  TRIAGED_APPROVAL_TTL_MINUTES: int(1, 24 * 60).default(30),
  TRIAGED_MAX_REPLICAS: int(1, 10_000).default(20),
  TRIAGED_MAX_RESOURCE_FACTOR: z.coerce.number().min(1).max(100).default(4),
  TRIAGED_MAX_RESTARTS_PER_HOUR: int(0, 1000).default(3),
  TRIAGED_MAX_CONCURRENT_INVESTIGATIONS: int(1, 256).default(4),
  TRIAGED_QUEUE_LIMIT: int(1, 1_000_000).default(1000),
  TRIAGED_CORRELATION_WINDOW_MINUTES: int(0, 24 * 60).default(30),
  TRIAGED_INVESTIGATION_DEADLINE_SECONDS: int(1, 3600).default(60),
  TRIAGED_VERIFY_DEADLINE_SECONDS: int(1, 3600).default(180),
  TRIAGED_SHUTDOWN_GRACE_SECONDS: int(0, 600).default(25),
  /** Seconds a received SQS message stays invisible, renewed by heartbeats; also how soon a crashed replica's messages come back. */
  TRIAGED_SQS_VISIBILITY_TIMEOUT_SECONDS: int(2, 43_200).default(60),
  /** /readyz turns 503 when the Kubernetes watch has been unsynced with no list/watch activity for this long. */
  TRIAGED_KUBERNETES_STALE_SECONDS: int(1, 3600).default(90),
  TRIAGED_GITHUB_TOKEN: z.string().optional(),
  TRIAGED_GITHUB_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name').optional(),
  TRIAGED_GITHUB_WEBHOOK_SECRET: z.string().optional(),
  // The DevOps assistant (docs/assistant.md): CI analysis, post-deploy checks, report, right-sizing, auto-restart.
  TRIAGED_CI_LOG_MAX_KB: int(4, 10 * 1024).default(256),
  TRIAGED_CI_DEPLOY_NAMESPACE: z.string().optional(),
  TRIAGED_POSTDEPLOY_WINDOW_MINUTES: int(0, 24 * 60).default(10),
  TRIAGED_POSTDEPLOY_ERROR_RATIO: z.coerce.number().min(0).max(1).default(0.05),
  TRIAGED_REPORT_CRON: z.string().min(1).default('0 9 * * *'),
  TRIAGED_REPORT_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
  TRIAGED_RIGHTSIZING_WINDOW_DAYS: int(1, 90).default(7),
  TRIAGED_RIGHTSIZING_MIN_HOURS: int(1, 90 * 24).default(24),
  TRIAGED_RIGHTSIZING_CPU_REQUEST_FACTOR: z.coerce.number().positive().default(2),
  TRIAGED_RIGHTSIZING_MEMORY_REQUEST_FACTOR: z.coerce.number().positive().default(1.5),
  TRIAGED_RIGHTSIZING_CPU_LIMIT_FACTOR: z.union([z.literal('none'), z.coerce.number().positive()]).default(6),
  TRIAGED_RIGHTSIZING_MEMORY_LIMIT_FACTOR: z.coerce.number().positive().default(3),
  TRIAGED_PRICE_VCPU_HOUR: z.coerce.number().min(0).default(0.04048),
  TRIAGED_PRICE_GIB_HOUR: z.coerce.number().min(0).default(0.004445),
  TRIAGED_AUTO_RESTART: list.pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*\/Deployment\/[a-z0-9][a-z0-9.-]*$/, 'must be namespace/Deployment/name'))).default([]),
  TRIAGED_AUTO_RESTART_MAX: int(0, 100).default(3),
  TRIAGED_AUTO_RESTART_WINDOW_MINUTES: int(1, 24 * 60).default(60),
  /** MCP over streamable HTTP at /mcp on PORT (off by default); stdio (`triaged mcp`) needs neither key. */
  TRIAGED_MCP_ENABLED: bool.default(false),
  TRIAGED_MCP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** OpenAI-compatible chat-completions base URL (`…/v1`, or an Azure deployment URL): enables the optional LLM summary. */
  TRIAGED_LLM_URL: url.optional(),
  TRIAGED_LLM_API_KEY: z.string().min(1).optional(),
  TRIAGED_LLM_MODEL: z.string().min(1).optional(),
  /** Azure OpenAI: sent as `api-version`, with the key in an `api-key` header. */
  TRIAGED_LLM_API_VERSION: z.string().min(1).optional(),
  TRIAGED_LLM_TIMEOUT_SECONDS: int(1, 300).default(20),
  TRIAGED_LLM_REDACT_EMAILS: bool.default(true),
  TRIAGED_LLM_REDACT_IPS: bool.default(true),
  TRIAGED_GITHUB_API_URL: url.optional(),
  /** Remediations the policy carries out without a click, as action:namespace pairs (off by default). */
  TRIAGED_AUTO_APPROVE: list.default([]),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type ConfigKey = keyof typeof schema.shape;
export type Config = Readonly<z.output<typeof schema>>;

/** Keys whose values are secrets: never logged, never echoed in an error. */
export const SECRET_KEYS: readonly ConfigKey[] = [
  'TRIAGED_ALERTMANAGER_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TRIAGED_GITHUB_TOKEN',
  'TRIAGED_GITHUB_WEBHOOK_SECRET',
  'TRIAGED_MCP_TOKEN',
  'TRIAGED_LLM_API_KEY',
];

/**
 * Reads the config: the file named by TRIAGED_CONFIG_FILE (if any) first, the environment over it.
 * Throws CONFIG_INVALID naming every bad key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Config {
  const fromFile = env.TRIAGED_CONFIG_FILE ? readConfigFile(env.TRIAGED_CONFIG_FILE, readFile) : {};
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key] ?? fromFile[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new TriagedError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const slackHalfSet = Boolean(config.SLACK_BOT_TOKEN) !== Boolean(config.TRIAGED_SLACK_CHANNEL);
  if (slackHalfSet) throw new TriagedError('CONFIG_INVALID', 'invalid configuration: SLACK_BOT_TOKEN and TRIAGED_SLACK_CHANNEL must be set together');
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new TriagedError('CONFIG_INVALID', 'invalid configuration: SLACK_SIGNING_SECRET is required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (config.TRIAGED_MCP_ENABLED && !config.TRIAGED_MCP_TOKEN) throw new TriagedError('CONFIG_INVALID', 'invalid configuration: TRIAGED_MCP_TOKEN is required when TRIAGED_MCP_ENABLED is true');
  if (config.TRIAGED_LLM_URL && !config.TRIAGED_LLM_MODEL) throw new TriagedError('CONFIG_INVALID', 'invalid configuration: TRIAGED_LLM_MODEL is required when TRIAGED_LLM_URL is set');
  return Object.freeze(config);
}

function readConfigFile(path: string, readFile: (path: string) => string): Record<string, string> {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new TriagedError('CONFIG_INVALID', `TRIAGED_CONFIG_FILE: cannot read ${path}`, { cause: error });
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new TriagedError('CONFIG_INVALID', `TRIAGED_CONFIG_FILE: ${path} is not valid YAML or JSON`, { cause: error });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TriagedError('CONFIG_INVALID', `TRIAGED_CONFIG_FILE: ${path} must hold a mapping of KEY: value`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!(key in schema.shape)) throw new TriagedError('CONFIG_INVALID', `TRIAGED_CONFIG_FILE: unknown key ${key} in ${path}`);
    out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}
