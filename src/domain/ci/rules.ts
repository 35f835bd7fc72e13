/**
 * The signatures of each CI failure category: regular expressions over log lines (weighted: a
 * specific message counts more than a generic one) and words in the failed step's name. Ordered
 * so that a tie goes to the more specific cause (a rollout timing out is a deploy failure).
 */
import type { CiCategory } from './types.js';

export interface LinePattern {
  readonly pattern: RegExp;
  readonly weight: number;
}

export interface CategoryRule {
  readonly category: Exclude<CiCategory, 'unknown'>;
  readonly lines: readonly LinePattern[];
  /** Words in the failed step's name (`Run npm test`, `Deploy to production`). */
  readonly step?: RegExp;
}

const p = (pattern: RegExp, weight = 1): LinePattern => ({ pattern, weight });

export const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'timeout',
    lines: [
      p(/has exceeded the maximum execution time of \d+ minutes/i, 4),
      p(/The action '.*' has timed out after \d+ minutes/i, 4),
      p(/The operation was canceled\./, 1),
      p(/\bjob was cancelled\b.*\btimeout\b/i, 2),
    ],
  },
  {
    category: 'infrastructure',
    lines: [
      p(/The runner has received a shutdown signal/i, 4),
      p(/lost communication with the server/i, 4),
      p(/The hosted runner encountered an error/i, 4),
      p(/No space left on device/i, 3),
      p(/Received request to deprovision/i, 3),
      p(/Could not resolve host: (?:github\.com|api\.github\.com|registry)/i, 2),
      p(/Cannot connect to the Docker daemon/i, 3),
      p(/(?:toomanyrequests|You have reached your pull rate limit)/i, 3),
      p(/API rate limit exceeded/i, 2),
      p(/Failed to download action/i, 3),
      p(/\bexit code 137\b.*\b(?:runner|OOM)/i, 2),
    ],
  },
  {
    category: 'deploy',
    lines: [
      p(/(?:deployment|statefulset|daemonset)s? "[^"]+" exceeded its progress deadline/i, 5),
      p(/Waiting for (?:deployment|statefulset|daemon set) "[^"]+" rollout to finish/i, 2),
      p(/error: timed out waiting for the condition/i, 2),
      p(/Error: (?:UPGRADE|INSTALLATION) FAILED/i, 5),
      p(/\bhelm\b.*\b(?:context deadline exceeded|timed out waiting)/i, 3),
      p(/\bkubectl\b.*\b(?:rollout status|apply)\b/i, 1),
      p(/Error from server \((?:Forbidden|Invalid|BadRequest|NotFound)\)/i, 3),
      p(/The (?:Deployment|StatefulSet|Service) "[^"]+" is invalid/i, 4),
      p(/argocd: .*(?:Degraded|sync failed|OutOfSync)/i, 3),
      p(/ImagePullBackOff|ErrImagePull|CrashLoopBackOff/, 2),
    ],
    step: /\b(?:deploy|rollout|release|helm|kubectl|argo ?cd|kustomize)\b/i,
  },
  {
    category: 'dependencies',
    lines: [
      p(/npm (?:ERR!|error) code (?:ERESOLVE|E404|ETARGET|EINTEGRITY|E401|E403|ENOTFOUND|ECONNRESET|EUSAGE)/i, 5),
      p(/npm (?:ERR!|error) (?:404|ERESOLVE could not resolve)/i, 3),
      p(/`npm ci` can only install packages when your package\.json and package-lock\.json/i, 5),
      p(/Could not find a version that satisfies the requirement/i, 5),
      p(/No matching distribution found for/i, 4),
      p(/Could not resolve dependencies for project/i, 5),
      p(/Could not resolve all (?:files|dependencies) for configuration/i, 5),
      p(/failed to select a version for/i, 5),
      p(/go: .*(?:module .* not found|unknown revision|missing go\.sum entry)/i, 5),
      p(/(?:Couldn't find package|YN0035|ERR_PNPM_(?:NO_MATCHING_VERSION|FETCH_404|OUTDATED_LOCKFILE))/, 5),
      p(/Your lockfile needs to be updated|lockfile .*(?:out of date|frozen)/i, 4),
    ],
    step: /\b(?:npm (?:ci|install)|yarn(?: install)?|pnpm install|pip install|poetry install|bundle install|go mod download|dependencies|restore)\b/i,
  },
  {
    category: 'lint',
    lines: [
      p(/✖ \d+ problems? \(\d+ errors?/, 5),
      p(/^\s*\d+:\d+\s+error\s+.+\s+[@a-z-]+\/[a-z-]+$|^\s*\d+:\d+\s+error\s+.+\s+(?:no-[a-z-]+|prefer-[a-z-]+|eqeqeq|semi|quotes)$/, 2),
      p(/Code style issues found in .* Run Prettier/i, 5),
      p(/\[warn\] Code style issues/i, 3),
      p(/Found \d+ errors?\.?\s*(?:\[\*\] \d+ fixable)?$/, 2),
      p(/^\S+\.py:\d+:\d+: [EFWC]\d{3}\b/, 2),
      p(/offenses? detected/i, 3),
      p(/golangci-lint.*(?:issues found|exit status 1)|^\S+\.go:\d+:\d+: .*\((?:errcheck|govet|staticcheck|unused|gofmt)\)$/, 3),
      p(/would reformat /i, 3),
    ],
    step: /\b(?:lint|eslint|prettier|format|fmt|style|ruff|flake8|rubocop|golangci)\b/i,
  },
  {
    category: 'build',
    lines: [
      p(/error TS\d{4}:/, 5),
      p(/error\[E\d{4}\]/, 5),
      p(/\[ERROR\] COMPILATION ERROR/, 5),
      p(/error: cannot find symbol/, 4),
      p(/^\S+\.go:\d+:\d+: (?:undefined|cannot use|syntax error)/, 4),
      p(/Module not found: Error: Can't resolve/, 4),
      p(/ERROR: failed to solve:|failed to solve: process .* did not complete successfully/i, 3),
      p(/(?:^|\s)SyntaxError: /, 3),
      p(/make(?:\[\d+\])?: \*\*\* \[.*\] Error \d+/, 2),
      p(/BUILD FAILED|Build failed with \d+ errors?|Compilation failed/i, 3),
      p(/error CS\d{4}:/, 5),
    ],
    step: /\b(?:build|compile|tsc|docker build|bundle|webpack|vite build|cargo build|go build|mvn package|gradle (?:build|assemble))\b/i,
  },
  {
    category: 'test',
    lines: [
      p(/^ℹ fail [1-9]\d*$/, 4),
      p(/^\s*✖ .+ \(\d+(?:\.\d+)?ms\)$/, 2),
      p(/^Tests:\s+\d+ failed/, 5),
      p(/^\s*Test Files\s+\d+ failed/, 5),
      p(/^FAIL\s+\S+/, 2),
      p(/^--- FAIL: \S+/, 3),
      p(/^=+ (?:\d+ failed|FAILURES) /, 4),
      p(/^FAILED \S+::\S+/, 3),
      p(/Tests run: \d+, Failures: [1-9]/, 4),
      p(/There (?:was|were) \d+ failures?:/, 4),
      p(/\bAssertionError\b|\bexpect\(.*\)\.|Expected: .*Received:/, 2),
      p(/\d+ (?:examples?|tests?), [1-9]\d* failures?/, 4),
    ],
    step: /\b(?:test|tests|spec|jest|vitest|pytest|mocha|e2e|integration|unit)\b/i,
  },
];

/** Failing test names, per runner's way of listing them (node --test, jest, vitest, go, pytest, junit). */
export const FAILING_TEST_PATTERNS: readonly RegExp[] = [
  /^\s*✖ (.+?) \(\d+(?:\.\d+)?ms\)$/,
  /^\s*● (.+ › .+)$/,
  /^\s*(?:×|✗) (.+?)(?: \d+ms)?$/,
  /^--- FAIL: (\S+)/,
  /^FAILED (\S+::\S+)/,
  /^\[ERROR\] +(\S+)\s+(?:Time elapsed|<<< FAIL)/,
];
