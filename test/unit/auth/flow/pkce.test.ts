import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  challengeFor,
  createNonce,
  createPkce,
  createState,
  VERIFIER_PATTERN,
} from '../../../../main/auth/flow/pkce.ts';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a fresh 43–128 character verifier with its S256 challenge each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const pkce = createPkce();
      expect(pkce.method).toBe('S256');
      expect(pkce.verifier).toMatch(VERIFIER_PATTERN);
      expect(pkce.verifier.length).toBeGreaterThanOrEqual(43);
      expect(pkce.verifier.length).toBeLessThanOrEqual(128);
      expect(pkce.challenge).toBe(createHash('sha256').update(pkce.verifier).digest('base64url'));
      expect(pkce.challenge).not.toContain('=');
      expect(seen.has(pkce.verifier)).toBe(false);
      seen.add(pkce.verifier);
    }
    expect(createPkce(96).verifier).toHaveLength(128);
  });

  it('refuses verifier sizes outside RFC 7636', () => {
    expect(() => createPkce(31)).toThrow(RangeError);
    expect(() => createPkce(97)).toThrow(RangeError);
    expect(() => challengeFor('short')).toThrow(RangeError);
    expect(() => challengeFor('a'.repeat(129))).toThrow(RangeError);
    expect(() => challengeFor(`${'a'.repeat(42)}!`)).toThrow(RangeError);
  });

  it('state and nonce carry at least 128 random bits and never repeat', () => {
    const values = new Set<string>();
    for (let i = 0; i < 500; i += 1) {
      for (const value of [createState(), createNonce()]) {
        expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
        // base64url: 6 bits per character.
        expect(value.length * 6).toBeGreaterThanOrEqual(128);
        expect(values.has(value)).toBe(false);
        values.add(value);
      }
    }
  });
});
