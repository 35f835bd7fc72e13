import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, parseQuantity, roundUpBytes, roundUpCores } from '../../src/domain/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['256Mi', 256 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['243188Ki', 243188 * 1024],
    ['500m', 0.5],
    ['2', 2],
    ['1e3', 1000],
    ['100k', 100_000],
    ['251347812n', 0.251347812],
    ['1E', 1e18],
    ['.5', 0.5],
  ])('%s', (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 9);
  });

  it.each(['', 'abc', '12Mb', '1.2.3', 'Mi'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('passes finite numbers through and ignores other types', () => {
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity(undefined)).toBeUndefined();
    expect(parseQuantity(Number.NaN)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats bytes rounded up to Ki, Mi or Gi', () => {
    expect(formatBytes(1000)).toBe('1Ki');
    expect(formatBytes(251 * 2 ** 20 + 1)).toBe('252Mi');
    expect(formatBytes(256 * 2 ** 20)).toBe('256Mi');
    expect(formatBytes(1.25 * 2 ** 30)).toBe('1.25Gi');
  });

  it('rounds a memory limit up to a readable step that is never below the need', () => {
    for (const need of [50e6, 384 * 2 ** 20, 377 * 2 ** 20, 1.3 * 2 ** 30, 9.2 * 2 ** 30]) {
      const text = roundUpBytes(need);
      expect(parseQuantity(text)).toBeGreaterThanOrEqual(need);
      expect(parseQuantity(text)).toBeLessThan(need * 1.3);
    }
    expect(roundUpBytes(1.5 * 256 * 2 ** 20)).toBe('384Mi');
    expect(roundUpBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
  });

  it('formats cores as millicores or whole cores, rounded up', () => {
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(0.2501)).toBe('251m');
    expect(formatCores(2)).toBe('2');
    expect(formatCores(1.5)).toBe('1500m');
    expect(roundUpCores(0.33)).toBe('350m');
    expect(roundUpCores(1.42)).toBe('1500m');
    expect(parseQuantity(roundUpCores(0.996 * 1.5))).toBeGreaterThanOrEqual(0.996 * 1.5);
  });
});
