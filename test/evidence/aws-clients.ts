/** SDK clients pointed at the loopback AWS fakes: dummy credentials, us-east-1, one attempt so failures surface as they are. */
import { createLogsSdkClient, createXRaySdkClient } from '../../src/adapters/aws/sdk-clients.js';

const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 } as const;

export const logsSdkClient = (endpoint: string, maxAttempts = 1) => createLogsSdkClient({ ...base, endpoint, maxAttempts });
export const xraySdkClient = (endpoint: string) => createXRaySdkClient({ ...base, endpoint });
