import { describe, expect, it } from 'vitest';
import { byDigest, formatReference, parseDigestReference, parseReference } from '../../../packages/oci/index.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  const good: Array<{ name: string; text: string; want: object }> = [
    {
      name: 'ghcr with tag',
      text: 'ghcr.io/org/apps/velero:1.12.3-aws1.8.2',
      want: { registry: 'ghcr.io', repository: 'org/apps/velero', tag: '1.12.3-aws1.8.2' },
    },
    {
      name: 'loopback with port and digest',
      text: `127.0.0.1:5001/lab/app@${D}`,
      want: { registry: '127.0.0.1:5001', repository: 'lab/app', digest: D },
    },
    {
      name: 'tag and digest',
      text: `localhost:5000/app:1.0@${D}`,
      want: { registry: 'localhost:5000', repository: 'app', tag: '1.0', digest: D },
    },
    { name: 'docker hub short name', text: 'debian', want: { registry: 'docker.io', repository: 'library/debian' } },
    { name: 'docker hub org', text: 'org/app:1', want: { registry: 'docker.io', repository: 'org/app', tag: '1' } },
    { name: 'localhost without port', text: 'localhost/app', want: { registry: 'localhost', repository: 'app' } },
  ];
  for (const c of good) it(c.name, () => expect(parseReference(c.text)).toEqual(c.want));

  const bad: Array<{ name: string; text: string; why: RegExp }> = [
    { name: 'empty', text: '', why: /empty/ },
    { name: 'uppercase repository', text: 'ghcr.io/Org/app', why: /'Org' is not a valid repository/ },
    { name: 'short digest', text: 'ghcr.io/o/app@sha256:abc', why: /not a sha256 digest/ },
    { name: 'bad tag', text: 'ghcr.io/o/app:-x', why: /'-x' is not a valid tag/ },
    { name: 'spaces', text: ' ghcr.io/o/app', why: /surrounding spaces/ },
  ];
  for (const c of bad) it(`refuses ${c.name}`, () => expect(() => parseReference(c.text, "input 'image'")).toThrow(c.why));

  it('names where the reference came from', () => expect(() => parseReference('A', "input 'image'")).toThrow(/^input 'image' 'A'/));
});

describe('formatting', () => {
  it('round-trips', () => {
    const text = `127.0.0.1:5001/lab/app:1.0@${D}`;
    expect(formatReference(parseReference(text))).toBe(text);
  });
  it('byDigest drops the tag', () => expect(byDigest(parseReference(`ghcr.io/o/app:1@${D}`))).toBe(`ghcr.io/o/app@${D}`));
  it('parseDigestReference refuses a tag-only reference', () =>
    expect(() => parseDigestReference('ghcr.io/o/app:1', "input 'image'")).toThrow(/has no digest/));
});
