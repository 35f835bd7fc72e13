/**
 * Writes helm/triaged/files/rbac.json from src/domain/rbac.ts, the one list of triaged's
 * Kubernetes permissions. The chart's RBAC templates read that file; test/deploy/rbac.test.ts
 * fails when it is out of date. Run: npx tsx scripts/gen-rbac-json.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LEASE_PERMISSIONS, READ_PERMISSIONS, WRITE_PERMISSIONS_BY_ACTION } from '../src/domain/rbac.js';

export function rbacJson(): string {
  const doc = {
    comment: 'Generated from src/domain/rbac.ts by scripts/gen-rbac-json.ts; do not edit.',
    read: READ_PERMISSIONS,
    lease: LEASE_PERMISSIONS,
    writeByAction: WRITE_PERMISSIONS_BY_ACTION,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../helm/triaged/files/rbac.json', import.meta.url));
  writeFileSync(target, rbacJson());
  console.log(`wrote ${target}`);
}
