/** Fresh ids: a time prefix keeps them sortable in the store and readable in logs. */
import { randomBytes } from 'node:crypto';
import { asApprovalId, asIncidentId, type ApprovalId, type IncidentId } from '../domain/ids.js';

function sortableId(prefix: string, nowMs: number): string {
  return `${prefix}_${nowMs.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

export const newIncidentId = (nowMs: number): IncidentId => asIncidentId(sortableId('inc', nowMs));
export const newApprovalId = (nowMs: number): ApprovalId => asApprovalId(sortableId('apr', nowMs));
