/** create-issue: the GitHub tracker against the loopback GitHub fake (dedup by fingerprint, redaction), and the action through the executor. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintLabel, fingerprintMarker, GitHubIssueTracker } from '../../src/adapters/github/issue-tracker.js';
import type { Remediation } from '../../src/domain/diagnosis.js';
import { TriagedError } from '../../src/domain/errors.js';
import { asFingerprint } from '../../src/domain/ids.js';
import { startGitHubApiServer, type GitHubApiServer } from '../../src/sim/github-api/index.js';
import { auditEvents, offer, startRig, type Rig } from './harness.js';

const TOKEN = 'ghp_testtoken0000000000000000000000000000';
const FP = asFingerprint('3f1c9a0b7e2d4c5a8b6f0e1d2c3b4a59');

let github: GitHubApiServer;
let tracker: GitHubIssueTracker;

beforeEach(async () => {
  github = await startGitHubApiServer({ token: TOKEN });
  tracker = new GitHubIssueTracker({ token: TOKEN, repository: 'acme/shop', baseUrl: github.url });
});
afterEach(async () => github.close());

describe('GitHubIssueTracker', () => {
  it('opens one issue per fingerprint and comments on it when the incident comes back', async () => {
    const first = await tracker.openOrComment({ fingerprint: FP, title: 'checkout: image cannot be pulled', body: 'ErrImagePull: manifest unknown', labels: ['triaged', 'image-pull'] });
    expect(first).toEqual({ url: `${github.url}/acme/shop/issues/1`, created: true });
    const second = await tracker.openOrComment({ fingerprint: FP, title: 'checkout: image cannot be pulled', body: 'ErrImagePull again', labels: ['triaged', 'image-pull'] });
    expect(second).toEqual({ url: first.url, created: false });

    expect(github.issues).toHaveLength(1);
    const [issue] = github.issues;
    expect(issue!.labels).toEqual(['triaged', 'image-pull', fingerprintLabel(FP)]);
    expect(issue!.body).toContain(fingerprintMarker(FP));
    expect(issue!.comments).toEqual(['The incident happened again.\n\nErrImagePull again']);
    expect(github.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /repos/acme/shop/issues 200',
      'POST /repos/acme/shop/issues 201',
      'GET /repos/acme/shop/issues 200',
      'POST /repos/acme/shop/issues/1/comments 201',
    ]);
    expect(github.calls[0]!.query).toMatchObject({ state: 'open', labels: fingerprintLabel(FP) });
  });

  it('opens a new issue for another fingerprint or once the old one is closed', async () => {
    await tracker.openOrComment({ fingerprint: FP, title: 'a', body: 'a', labels: [] });
    const other = await tracker.openOrComment({ fingerprint: asFingerprint('ffff0000ffff0000ffff0000ffff0000'), title: 'b', body: 'b', labels: [] });
    expect(other.created).toBe(true);
    github.issues[0]!.state = 'closed';
    const again = await tracker.openOrComment({ fingerprint: FP, title: 'a', body: 'a', labels: [] });
    expect(again).toEqual({ url: `${github.url}/acme/shop/issues/3`, created: true });
  });

  it('redacts secrets from the title and body', async () => {
    await tracker.openOrComment({ fingerprint: FP, title: 'token xoxb-1234567890-abcdefghij leaked', body: 'DB_PASSWORD=hunter2secret in the log', labels: [] });
    expect(github.issues[0]!.title).toBe('token [REDACTED] leaked');
    expect(github.issues[0]!.body).not.toContain('hunter2secret');
  });

  it('reports a rejected token as a non-retryable ISSUE_TRACKER error, a 5xx as retryable', async () => {
    const wrong = new GitHubIssueTracker({ token: 'ghp_wrong', repository: 'acme/shop', baseUrl: github.url });
    const denied = await wrong.openOrComment({ fingerprint: FP, title: 'a', body: 'a', labels: [] }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(TriagedError);
    expect(denied).toMatchObject({ code: 'ISSUE_TRACKER', retryable: false });
    expect((denied as Error).message).toContain('(HTTP 401)');
    github.failNext({ method: 'POST', path: '/repos/acme/shop/issues', status: 502 });
    await expect(tracker.openOrComment({ fingerprint: FP, title: 'a', body: 'a', labels: [] })).rejects.toMatchObject({ code: 'ISSUE_TRACKER', retryable: true });
    expect(github.issues).toEqual([]);
  });

  it('refuses a repository that is not owner/name', () => {
    expect(() => new GitHubIssueTracker({ token: TOKEN, repository: 'acme', baseUrl: github.url })).toThrow(/owner\/name/);
  });
});

describe('the GitHub fake', () => {
  it('searches issues by repo, state, label and body text', async () => {
    await tracker.openOrComment({ fingerprint: FP, title: 'checkout down', body: 'details', labels: ['triaged'] });
    const search = async (q: string) =>
      (await (await fetch(`${github.url}/search/issues?q=${encodeURIComponent(q)}`, { headers: { authorization: `token ${TOKEN}` } })).json()) as { total_count: number };
    expect((await search(`repo:acme/shop is:issue is:open "triaged:fingerprint=${FP}" in:body`)).total_count).toBe(1);
    expect((await search('repo:acme/shop label:triaged')).total_count).toBe(1);
    expect((await search('repo:acme/other label:triaged')).total_count).toBe(0);
    expect((await search('repo:acme/shop is:closed')).total_count).toBe(0);
  });
});

describe('create-issue through the executor', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ issueTracker: tracker });
  });
  afterEach(async () => rig.close());

  const issue = (title: string, body: string): Remediation => ({ action: 'create-issue', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, params: { title, body, labels: ['triaged', 'crash-loop'] }, rationale: 'code fix', risk: 'low' });

  it('validates in the dry run, opens the issue, verifies its URL, and comments the second time', async () => {
    const approval = await offer(rig.store, issue('checkout crash-loops', 'exit 1 after start'), { fingerprint: FP });
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toContain(`Verified: issue at ${github.url}/acme/shop/issues/1`);
    expect(await auditEvents(rig.store, approval)).toEqual([
      expect.stringMatching(/^dry-run: accepted/),
      `apply: opened ${github.url}/acme/shop/issues/1`,
      `verify: verified: issue at ${github.url}/acme/shop/issues/1`,
    ]);
    const again = await rig.executor.execute(await offer(rig.store, issue('checkout crash-loops', 'exit 1 again'), { fingerprint: FP }), 'U1');
    expect(again.status).toBe('succeeded');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.comments).toHaveLength(1);
  });

  it('fails the dry run on an empty body without calling GitHub', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, issue('checkout crash-loops', '  ')), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'dry-run' });
    expect(outcome.message).toContain('the issue has no body');
    expect(github.calls).toEqual([]);
  });

  it('fails the dry run on a body over the size bound', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, issue('big', 'x'.repeat(60_001))), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'dry-run' });
    expect(outcome.message).toContain('the issue body is 60001 characters (at most 60000)');
    expect(github.calls).toEqual([]);
  });
});
