/**
 * Electronegativity cannot read our CSP (it is built at run time, then sent as a header by the
 * app:// handler and the preview), so its CSP check only says "could not parse". This test runs
 * the same evaluator it uses (Doyensec's fork of Google's CSP Evaluator) on the policies we
 * actually send.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../main/app/csp.ts';

interface Finding {
  severity: number;
  directive: string;
  description: string;
}
interface Evaluator {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Finding[] };
  Version: { CSP3: unknown };
  severities: Record<'HIGH' | 'SYNTAX' | 'MEDIUM' | 'HIGH_MAYBE' | 'MEDIUM_MAYBE' | 'INFO', number>;
}

// The evaluator is Electronegativity's own dependency: load it from there.
const fromScanner = createRequire(
  createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'),
);
const evaluator = fromScanner('@doyensec/csp-evaluator') as Evaluator;
const { severities } = evaluator;

function evaluate(policy: string): Finding[] {
  const parsed = new evaluator.CspParser(policy);
  return new evaluator.CspEvaluator(parsed.csp, evaluator.Version.CSP3).evaluate();
}

/** Findings at HIGH_MAYBE or worse (lower number = more severe). */
function serious(findings: Finding[]): string[] {
  return findings
    .filter((finding) => finding.severity <= severities.HIGH_MAYBE)
    .map((finding) => `${finding.directive}: ${finding.description}`);
}

describe('the CSP we send, as the CSP Evaluator sees it', () => {
  it('has no serious finding in the app with a real Google client', () => {
    expect(serious(evaluate(buildCsp()))).toEqual([]);
  });

  it('in demo mode and in the preview, only the local emulator over http (loopback) stands out', () => {
    const emulator = 'http://127.0.0.1:4000';
    for (const policy of [
      buildCsp({ imgOrigins: [emulator] }),
      buildCsp({ imgOrigins: [emulator], connectOrigins: ['ws://127.0.0.1:5000'] }),
    ]) {
      const findings = serious(evaluate(policy));
      expect(findings).toEqual(['img-src: Allow only resources downloaded over HTTPS.']);
    }
  });

  it('would flag a weak policy (the check can fail)', () => {
    const weak = "default-src *; script-src 'self' 'unsafe-inline' 'unsafe-eval'";
    expect(serious(evaluate(weak)).length).toBeGreaterThan(0);
  });
});
