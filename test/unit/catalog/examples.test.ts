import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../packages/catalog/index.js';
import { repoRoot } from '../../harness/run-dist.js';

describe('the example catalog', () => {
  it('loads, with every image, version and variant of examples/images.yaml', async () => {
    const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
    const summary = catalog.images.map((image) => ({
      name: image.name,
      mode: image.mode,
      versions: image.versions.map(
        (v) => `${v.version}${v.variants.length ? ` [${v.variants.map((x) => `${x.id}${x.version}`).join(' ')}]` : ''}`,
      ),
    }));
    expect(summary).toEqual([
      { name: 'velero', mode: 'layered', versions: ['1.12.3 [aws1.8.2 gcp1.8.1]', '1.13.0 [aws1.9.0 gcp1.9.0]'] },
      { name: 'python-runner', mode: 'prebuilt', versions: ['3.11.2'] },
      { name: 'kerberos-test', mode: 'prebuilt', versions: ['1.0.0'] },
      { name: 'node-app', mode: 'prebuilt', versions: ['18.19.0'] },
      { name: 'noncompliant', mode: 'prebuilt', versions: ['0.1.0'] },
      { name: 'jq', mode: 'prebuilt', versions: ['1.6'] },
      { name: 'busybox', mode: 'layered', versions: ['1.36.1'] },
    ]);
    const velero = catalog.images[0];
    expect(velero?.versions[1]?.variants[0]?.buildArgs).toEqual({ PLUGIN_FLAVOUR: 's3' });
    expect(velero?.location).toMatchObject({ line: 12, column: 3 });
  });

  it('gives every example a test but the lock-down one, and the debug twin its own', async () => {
    const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
    expect(catalog.images.map((i) => [i.name, i.tests.map((t) => t.name)])).toEqual([
      ['velero', ['prints its version and plugin']],
      ['python-runner', ['imports ssl and prints the OpenSSL version']],
      ['kerberos-test', ['checks the shipped krb5.conf']],
      ['node-app', ['serves health on its port']],
      ['noncompliant', []],
      ['jq', ['prints its version']],
      ['busybox', ['runs its applets']],
    ]);
    expect(catalog.images.find((i) => i.name === 'node-app')?.debug?.tests.map((t) => t.name)).toEqual(['has a shell and node']);
  });
});
