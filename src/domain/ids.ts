/** Branded ids so an incident id is never passed where an approval id is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type IncidentId = Brand<string, 'IncidentId'>;
export type IncidentFingerprint = Brand<string, 'IncidentFingerprint'>;
export type ApprovalId = Brand<string, 'ApprovalId'>;

export const asIncidentId = (s: string): IncidentId => s as IncidentId;
export const asApprovalId = (s: string): ApprovalId => s as ApprovalId;
export const asFingerprint = (s: string): IncidentFingerprint => s as IncidentFingerprint;
