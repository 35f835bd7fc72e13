/** POST /webhooks/github: signature over the raw bytes, JSON only, one handling per delivery and per run attempt, only failed completed runs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowRunFailure } from '../../src/domain/ci/types.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createGithubWebhookHandler } from '../../src/sources/github/webhook.js';
import { fixtureRequest, GITHUB_SECRET, serve, sign, signedVariant, type Loopback } from './support.js';

let server: Loopback;
let runs: WorkflowRunFailure[];

beforeEach(async () => {
  runs = [];
  server = await serve(createGithubWebhookHandler({ secret: GITHUB_SECRET, onWorkflowRun: async (run) => void runs.push(run), logger: silentLogger }));
});
afterEach(async () => server.close());

describe('the GitHub webhook receiver', () => {
  it('accepts the signed fixture delivery and hands over the failed run', async () => {
    const reply = await server.send(fixtureRequest());
    expect(reply).toEqual({ status: 202, body: { deliveryId: '6b1e4a20-c84f-11f1-9e3d-2a7c5b9f0d13', run: 'shopco/checkout#35184923601.1', accepted: true } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: 35184923601, runAttempt: 1, owner: 'shopco', repo: 'checkout', workflow: 'CI', workflowPath: '.github/workflows/ci.yml', headBranch: 'main', runNumber: 412 });
  });

  it('answers 401 to a forged or absent signature and 415 to a form-encoded body', async () => {
    const forged = fixtureRequest();
    expect((await server.send({ ...forged, headers: { ...forged.headers, 'x-hub-signature-256': sign(forged.body, 'not the secret') } })).status).toBe(401);
    const absent = fixtureRequest();
    delete absent.headers['x-hub-signature-256'];
    expect(await server.send(absent)).toMatchObject({ status: 401, body: { error: 'X-Hub-Signature-256 is missing' } });
    const tampered = fixtureRequest();
    expect((await server.send({ ...tampered, body: Buffer.from(tampered.body.toString('utf8').replace('"failure"', '"success"')) })).status).toBe(401);

    const form = Buffer.from(`payload=${encodeURIComponent(fixtureRequest().body.toString('utf8'))}`);
    const reply = await server.send({ headers: { ...fixtureRequest().headers, 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign(form) }, body: form });
    expect(reply.status).toBe(415);
    expect(runs).toEqual([]);
  });

  it('ignores a duplicate delivery and a second delivery of the same run attempt, not a re-run', async () => {
    expect((await server.send(fixtureRequest())).status).toBe(202);
    expect(await server.send(fixtureRequest())).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await server.send(signedVariant(() => {}, 'another-delivery-same-run'))).toMatchObject({ status: 202, body: { duplicate: true } });
    expect(await server.send(signedVariant((p) => void (p.workflow_run.run_attempt = 2), 'rerun-delivery'))).toMatchObject({ status: 202, body: { run: 'shopco/checkout#35184923601.2', accepted: true } });
    expect(runs.map((r) => r.runAttempt)).toEqual([1, 2]);
  });

  it('answers 202 ignored to runs that did not fail or are not completed, and to other events', async () => {
    const success = await server.send(signedVariant((p) => void (p.workflow_run.conclusion = 'success'), 'd-success'));
    expect(success).toMatchObject({ status: 202, body: { ignored: 'conclusion is success, not failure' } });
    const running = await server.send(signedVariant((p) => Object.assign(p, { action: 'in_progress' }), 'd-running'));
    expect(running).toMatchObject({ status: 202, body: { ignored: 'action is in_progress, not completed' } });
    const push = fixtureRequest();
    expect(await server.send({ ...push, headers: { ...push.headers, 'x-github-event': 'push' } })).toMatchObject({ status: 202, body: { ignored: 'event push is not handled' } });
    expect(runs).toEqual([]);
  });

  it('lets a redelivery retry when the analysis failed', async () => {
    await server.close();
    let attempts = 0;
    server = await serve(createGithubWebhookHandler({ secret: GITHUB_SECRET, logger: silentLogger, onWorkflowRun: async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('GitHub API down');
    } }));
    expect((await server.send(fixtureRequest())).status).toBe(202);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await server.send(fixtureRequest())).toMatchObject({ status: 202, body: { accepted: true } });
    expect(attempts).toBe(2);
  });
});
