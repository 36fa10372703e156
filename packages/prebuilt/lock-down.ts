import semver from 'semver';
import type { Capability } from '../catalog/model.js';
import type { Logger } from '../logging/index.js';
import type { RegistryClient } from '../registry/index.js';
import { resolvePath } from './filesystem.js';
import type { FileEntry, ImageDescription } from './image.js';
import { installedPackages, upstreamVersion } from './installed-packages.js';
import { readImage } from './read-image.js';

/**
 * The prebuilt contract, checked on the image as pushed: no shell, no package
 * manager, not root, ENTRYPOINT/CMD in exec form, and every capability the
 * catalog requires present. Pure over an ImageDescription, so every rule is
 * tested on tables of made-up images and the reader is tested on real ones.
 */
export const LOCK_DOWN_RULES = ['no-shell', 'no-package-manager', 'non-root', 'exec-form', 'capabilities'] as const;
export type LockDownRule = (typeof LOCK_DOWN_RULES)[number];

export interface RuleResult {
  rule: LockDownRule;
  passed: boolean;
  /** One line per thing found, naming the platform and the path or setting. */
  problems: string[];
}

/**
 * Names that are a shell wherever they sit: a file, a symlink, a busybox
 * applet link. Under another name, a shell is still known by its content
 * (see recognise.ts): an ELF busybox, toybox, bash, dash, mksh or zsh, or a
 * script whose first line names a shell.
 */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox']);

/**
 * Tools that install software at run time. npm and friends count: a node
 * image that can `npm install` is not the image that was scanned. Python's
 * pip also counts as a module (`site-packages/pip`), since `python -m pip` needs
 * no pip executable.
 */
export const PACKAGE_MANAGERS = new Set([
  'apk',
  'apt',
  'apt-get',
  'aptitude',
  'dpkg',
  'yum',
  'dnf',
  'microdnf',
  'rpm',
  'zypper',
  'pip',
  'pip3',
  'easy_install',
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'gem',
]);

export function checkLockDown(images: readonly ImageDescription[], requires: readonly Capability[]): RuleResult[] {
  return [
    rule('no-shell', images, shells),
    rule('no-package-manager', images, packageManagers),
    rule('non-root', images, rootUser),
    rule('exec-form', images, shellForm),
    rule('capabilities', images, (image) => missingCapabilities(image, requires)),
  ];
}

/** Every problem of every rule, for a one-line-each failure message. */
export function lockDownProblems(results: readonly RuleResult[]): string[] {
  return results.flatMap((result) => result.problems.map((problem) => `${result.rule}: ${problem}`));
}

function rule(name: LockDownRule, images: readonly ImageDescription[], check: (image: ImageDescription) => string[]): RuleResult {
  const problems = images.flatMap((image) => check(image).map((problem) => `${image.platform}: ${problem}`));
  return { rule: name, passed: problems.length === 0, problems };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Something that can be run: an executable file or a link (links are judged
 * by name: `sh -> busybox` is a shell whatever it points at). Configuration
 * and documentation named after a program (/usr/share/menu/bash,
 * /etc/cron.daily/dpkg) are not.
 */
function isProgram(path: string, entry: FileEntry): boolean {
  if (path.startsWith('/etc/') || path.startsWith('/usr/share/')) return false;
  return entry.kind === 'symlink' || entry.kind === 'hardlink' || (entry.kind === 'file' && (entry.mode & 0o111) !== 0);
}

function shells(image: ImageDescription): string[] {
  const found: string[] = [];
  const scripts: Array<{ path: string; line: string }> = [];
  for (const [path, entry] of image.files) {
    const byName = SHELLS.has(basename(path)) && isProgram(path, entry);
    const byContent = entry.recognised?.kind === 'shell' ? entry.recognised : undefined;
    if (!byName && !byContent) continue;
    const what =
      entry.kind === 'symlink'
        ? `symlink to ${entry.target ?? '?'}`
        : entry.kind === 'hardlink'
          ? `hard link to ${entry.target ?? '?'}`
          : 'file';
    if (byContent && entry.format === 'script' && !byName) scripts.push({ path, line: byContent.how.replace(/^a script starting /, '') });
    else if (byContent) found.push(`has a shell: ${path} (${what}; ${byContent.what}, recognised as ${byContent.how})`);
    else found.push(`has a shell: ${path} (${what})`);
  }
  found.push(...scriptProblems(image, scripts));
  return found.sort();
}

const SCRIPTS_SHOWN = 5;

/**
 * Scripts that need a shell: one line each when there are few; one line for
 * all when a whole distribution's worth of them is there (a Debian base has
 * over a hundred), naming the first few.
 */
function scriptProblems(image: ImageDescription, scripts: Array<{ path: string; line: string }>): string[] {
  if (scripts.length <= 1) {
    return scripts.map(({ path, line }) => {
      const recognised = image.files.get(path)?.recognised;
      return `has a shell: ${path} (file; ${recognised?.what ?? 'a script'}, recognised as a script starting ${line})`;
    });
  }
  const sorted = [...scripts].sort((a, b) => a.path.localeCompare(b.path));
  const shown = sorted.slice(0, SCRIPTS_SHOWN).map(({ path, line }) => `${path} (${line})`);
  const more = sorted.length > SCRIPTS_SHOWN ? ` and ${sorted.length - SCRIPTS_SHOWN} more` : '';
  return [`has ${sorted.length} scripts that need a shell to run: ${shown.join(', ')}${more}`];
}

function packageManagers(image: ImageDescription): string[] {
  const found: string[] = [];
  for (const [path, entry] of image.files) {
    const name = basename(path);
    const byContent = entry.recognised?.kind === 'package-manager' ? entry.recognised : undefined;
    if (byContent) {
      found.push(`has a package manager: ${path} (${byContent.what}, recognised as ${byContent.how})`);
    } else if (isProgram(path, entry) && (PACKAGE_MANAGERS.has(name) || /^pip\d+(?:\.\d+)?$/.test(name))) {
      found.push(`has a package manager: ${path}`);
    } else if (entry.kind === 'directory' && name === 'pip' && /\/(?:site|dist)-packages\/pip$/.test(path)) {
      found.push(`has a package manager: ${path} (the pip module, runnable as 'python -m pip')`);
    } else if (entry.kind === 'directory' && /\/node_modules\/(?:npm|yarn|pnpm|corepack)$/.test(path)) {
      found.push(`has a package manager: ${path} (the ${name} module, runnable with node)`);
    }
  }
  return found.sort();
}

function rootUser(image: ImageDescription): string[] {
  const user = image.config.user.trim();
  const name = user.split(':')[0] ?? '';
  if (name === '' || name === '0' || name === 'root') {
    return [`runs as root (User is ${user === '' ? 'not set' : `'${user}'`}); set USER to a non-root uid, e.g. USER 65532:65532`];
  }
  return [];
}

function shellForm(image: ImageDescription): string[] {
  const { entrypoint, cmd } = image.config;
  const problems: string[] = [];
  if (entrypoint.length === 0 && cmd.length === 0) problems.push('declares neither ENTRYPOINT nor CMD, so it does nothing as shipped');
  for (const [field, argv] of [
    ['ENTRYPOINT', entrypoint],
    ['CMD', cmd],
  ] as const) {
    const first = argv[0];
    if (first !== undefined && SHELLS.has(basename(first)) && argv[1] === '-c') {
      problems.push(`${field} is in shell form (${JSON.stringify(argv)}); write it in exec form, ["/path/to/program", "arg"]`);
    }
  }
  return problems;
}

function missingCapabilities(image: ImageDescription, requires: readonly Capability[]): string[] {
  const problems: string[] = [];
  const packages = requires.some((c) => c.kind === 'package') ? installedPackages(image.files) : [];
  for (const capability of requires) {
    if (capability.kind === 'binary') {
      const found = resolvePath(image.files, capability.path);
      if (!found) problems.push(`lacks the binary ${capability.path}`);
      else if (found.entry.kind !== 'file') problems.push(`binary ${capability.path} is not a regular file (${found.entry.kind})`);
      else if ((found.entry.mode & 0o111) === 0)
        problems.push(`binary ${capability.path} is not executable (mode ${found.entry.mode.toString(8)})`);
    } else if (capability.kind === 'file') {
      const found = resolvePath(image.files, capability.path);
      if (!found) problems.push(`lacks the file ${capability.path}`);
      else if (found.entry.kind === 'directory') problems.push(`${capability.path} is a directory, not a file`);
    } else {
      const matches = packages.filter((p) => p.name === capability.name);
      const wanted = capability.range ? ` ${capability.range}` : '';
      if (matches.length === 0) {
        problems.push(`lacks the package ${capability.name}${wanted} (no dpkg, apk, Python or node record of it)`);
      } else if (capability.range !== undefined) {
        const range = capability.range;
        const fits = matches.some((p) => {
          const version = upstreamVersion(p.version);
          return version !== undefined && semver.satisfies(version, range);
        });
        if (!fits) problems.push(`package ${capability.name} is ${matches.map((p) => p.version).join(', ')}, not in ${range}`);
      }
    }
  }
  return problems;
}

/**
 * The lock-down checks of an image already in the registry (built, or
 * imported by digest): every platform read back and checked, each rule's
 * verdict logged. Empty `problems` when it passed.
 */
export async function lockDownPushed(
  registry: RegistryClient,
  log: Logger,
  image: string,
  requires: readonly Capability[],
): Promise<{ checks: RuleResult[]; problems: string[] }> {
  const images = await log.group(`lock-down checks of ${image}`, () => readImage(registry, image));
  const checks = checkLockDown(images, requires);
  for (const check of checks)
    log.info(`${check.passed ? 'pass' : 'FAIL'} ${check.rule}${check.passed ? '' : `: ${check.problems.join('; ')}`}`);
  return { checks, problems: lockDownProblems(checks) };
}
