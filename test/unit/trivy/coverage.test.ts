import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileEntry, packageRecords } from '../../../packages/prebuilt/index.js';
import { compareCoverage, parseReport } from '../../../packages/trivy/index.js';

/**
 * Real trivy 0.74.0 reports (`--list-all-pkgs`) of lab images, against the
 * files the lock-down reader finds in those images:
 * - python-runner-no-os.json: the example python-runner as it was, dpkg
 *   records in status.d and no /etc/os-release or /etc/debian_version
 *   ("Detected OS family=none");
 * - distroless-gzip.json: a FROM-scratch copy of gzip with its status.d
 *   record, its md5sums and both OS files;
 * - debian-all-pkgs.json: the lab's Debian image (88 packages).
 */
const report = (name: string) => parseReport(readFileSync(join(import.meta.dirname, '../../fixtures/trivy', name), 'utf8'), name);
const text = (content: string): FileEntry => ({ kind: 'file', mode: 0o644, content });
const elf: FileEntry = { kind: 'file', mode: 0o755, format: 'elf' };
const stanza = (name: string, version: string) => `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\n`;

const PYTHON_RUNNER: Array<[string, string]> = [
  ['python3.11-minimal', '3.11.2-6+deb12u6'],
  ['libpython3.11-minimal', '3.11.2-6+deb12u6'],
  ['libc6', '2.36-9+deb12u13'],
  ['ca-certificates', '20230311+deb12u1'],
];

function image(files: Record<string, FileEntry>): Map<string, FileEntry> {
  return new Map(Object.entries(files));
}

describe('compareCoverage', () => {
  it('python-runner without OS files: unscannable, naming the packages and the files to ship', () => {
    const files = image({
      ...Object.fromEntries(PYTHON_RUNNER.map(([n, v]) => [`/var/lib/dpkg/status.d/${n}`, text(stanza(n, v))])),
      '/usr/bin/python3.11': elf,
    });
    const coverage = compareCoverage(packageRecords(files), files, report('python-runner-no-os.json'));
    expect(coverage).toMatchObject({ verdict: 'unscannable', recorded: { dpkg: 4 }, listed: {} });
    expect(coverage.os).toBeUndefined();
    expect(coverage.unseen).toEqual([
      'trivy detected no OS, so it scanned none of the 4 packages its dpkg records list (python3.11-minimal, libpython3.11-minimal, libc6, ca-certificates): ' +
        'ship /etc/os-release and /etc/debian_version in the image (distroless images carry /etc/os-release and /etc/debian_version; copy them from the build stage)',
    ]);
  });

  it('names only the OS file that is missing', () => {
    const files = image({ '/var/lib/dpkg/status.d/libc6': text(stanza('libc6', '2.36')), '/etc/os-release': text('ID=debian\n') });
    const [line] = compareCoverage(packageRecords(files), files, report('python-runner-no-os.json')).unseen;
    expect(line).toContain('ship /etc/debian_version in the image');
  });

  it('a distroless-style copy with its OS files and records: covered, its executables owned', () => {
    const files = image({
      '/var/lib/dpkg/status.d/gzip': text(stanza('gzip', '1.12-1')),
      '/etc/os-release': text('ID=debian\n'),
      '/etc/debian_version': text('12.15\n'),
      '/usr/bin/gzip': elf,
    });
    const coverage = compareCoverage(packageRecords(files), files, report('distroless-gzip.json'));
    expect(coverage).toEqual({
      os: 'debian 12.15',
      listed: { debian: 1 },
      recorded: { dpkg: 1 },
      unseen: [],
      unowned: [],
      verdict: 'covered',
    });
  });

  it('a binary no record claims is named as unseen by any SBOM (not a gate)', () => {
    const files = image({
      '/var/lib/dpkg/status.d/gzip': text(stanza('gzip', '1.12-1')),
      '/etc/os-release': text('ID=debian\n'),
      '/etc/debian_version': text('12.15\n'),
      '/usr/bin/gzip': elf,
      '/usr/local/bin/node': elf,
    });
    const coverage = compareCoverage(packageRecords(files), files, report('distroless-gzip.json'));
    expect(coverage).toMatchObject({ verdict: 'covered', unowned: ['/usr/local/bin/node'] });
  });

  it('a record trivy did not list makes the image unscannable, naming it', () => {
    const files = image({
      '/var/lib/dpkg/status.d/gzip': text(stanza('gzip', '1.12-1')),
      '/var/lib/dpkg/status.d/libhidden': text(stanza('libhidden', '1.0-1')),
      '/etc/os-release': text('ID=debian\n'),
      '/etc/debian_version': text('12.15\n'),
    });
    const coverage = compareCoverage(packageRecords(files), files, report('distroless-gzip.json'));
    expect(coverage.verdict).toBe('unscannable');
    expect(coverage.unseen).toEqual([expect.stringMatching(/^trivy did not list 1 of the 2 packages the dpkg records name: libhidden; /)]);
  });

  it('Python and node records must be listed too, Python names compared as PEP 503 does', () => {
    const files = image({
      '/var/lib/dpkg/status.d/gzip': text(stanza('gzip', '1.12-1')),
      '/etc/os-release': text('ID=debian\n'),
      '/etc/debian_version': text('12.15\n'),
      '/usr/lib/python3/dist-packages/Foo_Bar-1.0.dist-info/METADATA': text('Name: Foo_Bar\nVersion: 1.0\n'),
      '/app/node_modules/left-pad/package.json': text('{"name":"left-pad","version":"1.3.0"}'),
    });
    const base = report('distroless-gzip.json');
    const seen = {
      ...base,
      packages: [
        ...base.packages,
        { name: 'foo-bar', version: '1.0', class: 'lang-pkgs', type: 'python-pkg', installedFiles: [] },
        { name: 'left-pad', version: '1.3.0', class: 'lang-pkgs', type: 'node-pkg', installedFiles: [] },
      ],
    };
    expect(compareCoverage(packageRecords(files), files, seen)).toMatchObject({
      verdict: 'covered',
      recorded: { dpkg: 1, python: 1, node: 1 },
    });
    const unseen = compareCoverage(packageRecords(files), files, base).unseen;
    expect(unseen).toEqual([
      expect.stringMatching(/^trivy did not list 1 of the 1 packages the Python dist-info records name: Foo_Bar;/),
      expect.stringMatching(/^trivy did not list 1 of the 1 packages the node modules' package.json name: left-pad;/),
    ]);
  });

  it('an rpm database that trivy read nothing from is unscannable, naming the database', () => {
    const files = image({ '/var/lib/rpm/rpmdb.sqlite': { kind: 'file', mode: 0o644 } });
    const [line] = compareCoverage(packageRecords(files), files, report('python-runner-no-os.json')).unseen;
    expect(line).toBe(
      'trivy detected no OS, so it scanned none of the packages in /var/lib/rpm/rpmdb.sqlite: ship /etc/os-release and /etc/redhat-release in the image (distroless images carry /etc/os-release and /etc/redhat-release; copy them from the build stage)',
    );
  });

  it('the lab Debian image: all 88 records listed, every executable owned through the /usr merge', () => {
    const debian = report('debian-all-pkgs.json');
    const status = debian.packages.map((p) => stanza(p.name, p.version)).join('\n');
    const files = image({
      '/var/lib/dpkg/status': text(status),
      '/etc/os-release': text('ID=debian\n'),
      '/etc/debian_version': text('12.15\n'),
      '/bin': { kind: 'symlink', mode: 0o777, target: 'usr/bin' },
      '/usr/bin/bash': elf,
      '/usr/bin/gzip': elf,
    });
    expect(compareCoverage(packageRecords(files), files, debian)).toEqual({
      os: 'debian 12.15',
      listed: { debian: 88 },
      recorded: { dpkg: 88 },
      unseen: [],
      unowned: [],
      verdict: 'covered',
    });
  });

  it('an image with no records and nothing listed is covered: there is nothing it failed to see', () => {
    const files = image({ '/app/static-binary': elf });
    const coverage = compareCoverage(packageRecords(files), files, report('python-runner-no-os.json'));
    expect(coverage).toMatchObject({ verdict: 'covered', unseen: [], unowned: ['/app/static-binary'] });
  });
});
