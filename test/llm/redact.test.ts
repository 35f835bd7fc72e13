/** The optional email and IP redactions the LLM summary asks for; the default behaviour is unchanged. */
import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from '../../src/domain/redact.js';

const TEXT = 'alice@example.com from 10.0.12.34 via fe80::1ff:fe23:4567:890a and 2001:db8::8a2e:370:7334 on ip-10-0-12-34.ec2.internal at 10:02:11, std::io::Error, v1.2.3';

describe('extra redactions', () => {
  it('are off by default: secrets only', () => {
    expect(redactText(TEXT)).toBe(TEXT);
    expect(redactText('key=AKIAIOSFODNN7EXAMPLE')).toBe('key=[REDACTED]');
  });

  it('remove emails, IPv4, IPv6 and EC2 host addresses when asked, leaving clock times and paths', () => {
    expect(redactText(TEXT, { emails: true, ips: true })).toBe(
      '[REDACTED EMAIL] from [REDACTED IP] via [REDACTED IP] and [REDACTED IP] on ip-[REDACTED IP].ec2.internal at 10:02:11, std::io::Error, v1.2.3',
    );
    expect(redactText(TEXT, { emails: true })).toContain('10.0.12.34');
    expect(redactText(TEXT, { ips: true })).toContain('alice@example.com');
  });

  it('reach every string of a nested value', () => {
    expect(redactDeep({ a: ['bob@corp.io', { ip: '192.168.1.1' }] }, { emails: true, ips: true })).toEqual({ a: ['[REDACTED EMAIL]', { ip: '[REDACTED IP]' }] });
  });
});
