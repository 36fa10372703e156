import { tableCell } from '../logging/markdown.js';
import type { SignResult } from './sign.js';

/** sign-with-cosign's job summary: what was signed or found, by whom, and the commands that verify it. */
export function signMarkdown(result: SignResult): string {
  const status = (created: boolean) => (created ? 'signed and verified' : 'already present, verified');
  const rows = [
    ['image', `<code>${tableCell(result.image)}</code>`],
    ['signature', status(result.signed)],
    ...result.attestations.map((a) => [`${tableCell(a.type)} attestation`, status(a.created)]),
    ['signer', result.signer === 'key' ? 'key' : 'keyless (workflow identity)'],
    ['cosign', `${tableCell(result.cosignVersion)}, ${result.storage === 'referrers' ? 'OCI referrers' : '.sig/.att tags'}`],
  ];
  const commands = [result.verifyCommand, ...result.attestations.map((a) => a.verifyCommand)].join('\n');
  const lines = [
    '| what | result |',
    '|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Verify it yourself:',
    '',
    '```sh',
    commands,
    '```',
  ];
  if (result.publicKey !== undefined) lines.push('', 'with this public key as `cosign.pub`:', '', '```', result.publicKey.trim(), '```');
  return `${lines.join('\n')}\n`;
}
