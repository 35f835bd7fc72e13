/** Realistic GitHub Actions job-log excerpts per failure category (timestamps added like the runner does). */
import { readFileSync } from 'node:fs';

const stamp = (i: number): string => `2026-11-22T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.1234567Z `;

/** Prefixes each line with a runner timestamp; `##[group]Run <step>` opens the step. */
export function jobLog(step: string, lines: readonly string[]): string {
  return ['##[group]Run actions/checkout@v4', 'Syncing repository: shopco/checkout', '##[endgroup]', `##[group]Run ${step}`, step, 'shell: /usr/bin/bash -e {0}', '##[endgroup]', ...lines]
    .map((line, i) => `${stamp(i)}${line}`)
    .join('\n');
}

export const FIXTURE_LOG = readFileSync(new URL('../fixtures/wire/github/job-log-failed.txt', import.meta.url), 'utf8');

export const LOGS = {
  test: jobLog('npx jest --ci', [
    'FAIL src/cart/total.test.ts',
    '  ● cart › applies the discount once',
    '    expect(received).toBe(expected) // Object.is equality',
    '    Expected: 90',
    '    Received: 81',
    'Test Suites: 1 failed, 11 passed, 12 total',
    'Tests:       1 failed, 63 passed, 64 total',
    '##[error]Process completed with exit code 1.',
  ]),
  build: jobLog('npm run build', [
    '> checkout@1.42.0 build',
    '> tsc -p tsconfig.build.json',
    "src/cart/export.ts(41,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    "src/cart/export.ts(58,12): error TS2339: Property 'rows' does not exist on type 'Cart'.",
    'npm error Lifecycle script `build` failed with error:',
    '##[error]Process completed with exit code 2.',
  ]),
  dependencies: jobLog('npm ci', [
    'npm error code ERESOLVE',
    'npm error ERESOLVE could not resolve',
    'npm error While resolving: checkout@1.42.0',
    'npm error Found: react@19.1.0',
    'npm error Could not resolve dependency:',
    'npm error peer react@"^18.0.0" from react-beautiful-dnd@13.1.1',
    '##[error]Process completed with exit code 1.',
  ]),
  lint: jobLog('npm run lint', [
    '> eslint .',
    '/home/runner/work/checkout/checkout/src/cart/export.ts',
    "  12:7  error  'unused' is assigned a value but never used  @typescript-eslint/no-unused-vars",
    '  40:1  error  Expected indentation of 2 spaces  indent',
    '✖ 2 problems (2 errors, 0 warnings)',
    '##[error]Process completed with exit code 1.',
  ]),
  timeout: jobLog('npm run e2e', [
    'Running 112 e2e specs against http://localhost:3000',
    '  ✓ checkout › pays with a saved card (4.1s)',
    '##[error]The job running on runner GitHub Actions 1000043210 has exceeded the maximum execution time of 30 minutes.',
    '##[error]The operation was canceled.',
  ]),
  infrastructure: jobLog('docker build -t shopco/checkout .', [
    '#5 [internal] load metadata for docker.io/library/node:24-slim',
    '##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
    '##[error]The operation was canceled.',
  ]),
  deploy: jobLog('kubectl -n shop rollout status deployment/checkout --timeout=300s', [
    'Waiting for deployment "checkout" rollout to finish: 1 out of 3 new replicas have been updated...',
    'Waiting for deployment "checkout" rollout to finish: 1 old replicas are pending termination...',
    'error: deployment "checkout" exceeded its progress deadline',
    '##[error]Process completed with exit code 1.',
  ]),
} as const;
