import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../../packages/cosign/index.js';

// What `cosign verify-attestation --type vuln` printed (cosign 3.1.2, key, no tlog) for a rescan attestation.
const line = readFileSync(join(import.meta.dirname, '../../fixtures/cosign/verify-attestation-vuln.jsonl'), 'utf8').trim();

describe('decodeEnvelope', () => {
  it("reads the in-toto statement out of cosign's DSSE envelope", () => {
    const statement = decodeEnvelope(line);
    expect(statement?.predicateType).toBe('https://cosign.sigstore.dev/attestation/vuln/v1');
    expect(statement?.subject).toEqual([
      {
        name: '127.0.0.1:5001/rescan-probe-20476/app',
        digest: { sha256: 'ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be' },
      },
    ]);
    expect(statement?.predicate).toMatchObject({
      scanner: { result: { findings: [{ id: 'T-1' }] } },
      metadata: { scanFinishedOn: '2026-12-01T10:00:05Z' },
    });
  });

  it.each([
    { name: 'not JSON', text: 'Verification for ... --' },
    { name: 'no payload', text: '{"payloadType":"application/vnd.in-toto+json"}' },
    { name: 'a payload that is no statement', text: `{"payload":"${Buffer.from('{"a":1}').toString('base64')}"}` },
  ])('$name: nothing', ({ text }) => {
    expect(decodeEnvelope(text)).toBeUndefined();
  });
});
