#!/usr/bin/env node
// Builds dist/ from the sources: TypeScript to build/, then ncc into dist/.
//
//   node scripts/build.mjs [--layout shared|per-action] [--out DIR]
//
// `shared` (the default, see BENCHMARKS.md) makes one bundle, dist/_shared/index.js,
// plus a three-line entry per action; `per-action` makes one full bundle per action.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const layout = option('--layout', 'shared');
const out = resolve(root, option('--out', 'dist'));
if (!['shared', 'per-action'].includes(layout)) {
  console.error(`build: --layout must be 'shared' or 'per-action', not '${layout}'`);
  process.exit(2);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const build = join(root, 'build');

rmSync(build, { recursive: true, force: true });
execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', build], { stdio: 'inherit' });

export const actionNames = listActions();
const entries = join(build, 'entries');
mkdirSync(entries, { recursive: true });
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function listActions() {
  const names = readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
  // The root action.yml (the whole chain for one image) is bundled as "chain".
  if (existsSync(join(root, 'src', 'chain', 'main.ts'))) names.push('chain');
  return names;
}

function mainModule(name) {
  const path = name === 'chain' ? join(build, 'src', 'chain', 'main.js') : join(build, 'actions', name, 'src', 'main.js');
  return `./${relative(entries, path).split('\\').join('/')}`;
}

function ncc(entry, outDir) {
  execFileSync(bin('ncc'), ['build', entry, '--out', outDir, '--target', 'es2024', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

if (layout === 'per-action') {
  for (const name of actionNames) {
    const entry = join(entries, `${name}.js`);
    writeFileSync(entry, `import { main } from '${mainModule(name)}';\nawait main();\n`);
    ncc(entry, join(out, name));
  }
} else {
  const entry = join(entries, '_shared.js');
  // Each action's code is a chunk of its own, loaded when that action starts: a step parses its action's code
  // and what it shares with the others, not every action's.
  const lines = [
    `export const actions = {\n${actionNames.map((name) => `  '${name}': () => import('${mainModule(name)}').then((m) => m.main()),`).join('\n')}\n};`,
  ];
  writeFileSync(entry, `${lines.join('\n')}\n`);
  ncc(entry, join(out, '_shared'));
  for (const name of actionNames) {
    mkdirSync(join(out, name), { recursive: true });
    writeFileSync(
      join(out, name, 'index.js'),
      `// Entry of the ${name} action; the code is in the shared bundle.\nimport { actions } from '../_shared/index.js';\nawait actions['${name}']();\n`,
    );
  }
}
// The bundles are ES modules whatever package.json a consumer's checkout has.
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
console.log(`build: ${actionNames.length} actions, layout ${layout}, into ${relative(root, out) || '.'}`);
