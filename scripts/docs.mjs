#!/usr/bin/env node
// Writes the inputs/outputs reference of every action into README.md, between
// the markers <!-- actions:start --> and <!-- actions:end -->, from the
// action.yml files. `--check` fails instead of writing when README.md is stale
// (the test suite runs it that way).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const readme = join(root, 'README.md');
const START = '<!-- actions:start -->';
const END = '<!-- actions:end -->';

export function renderReference() {
  const sections = [];
  const dirs = readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
  const files = [
    ...(existsSync(join(root, 'action.yml')) ? [['(root)', 'action.yml', '']] : []),
    ...dirs.map((d) => [d, `actions/${d}/action.yml`, `/actions/${d}`]),
  ];
  for (const [name, path, usesPath] of files) {
    const action = parse(readFileSync(join(root, path), 'utf8'));
    const lines = [
      `### ${name === '(root)' ? 'The chain for one image (root action)' : name}`,
      '',
      `\`uses: <owner>/image-actions${usesPath}@v1\``,
      '',
      oneLine(action.description),
      '',
    ];
    const inputs = Object.entries(action.inputs ?? {});
    if (inputs.length > 0) {
      lines.push('| input | required | default | description |', '|---|---|---|---|');
      for (const [key, spec] of inputs) {
        const def = spec.default === undefined || spec.default === '' ? '' : `\`${String(spec.default).replace(/\n/g, ' ')}\``;
        lines.push(`| \`${key}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`);
      }
      lines.push('');
    }
    const outputs = Object.entries(action.outputs ?? {});
    if (outputs.length > 0) {
      lines.push('| output | description |', '|---|---|');
      for (const [key, spec] of outputs) lines.push(`| \`${key}\` | ${cell(spec.description)} |`);
      lines.push('');
    }
    sections.push(lines.join('\n'));
  }
  return `${START}\n${sections.join('\n')}\n${END}`;
}

function oneLine(text) {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function cell(text) {
  return oneLine(text).replace(/\|/g, '\\|');
}

const current = readFileSync(readme, 'utf8');
const start = current.indexOf(START);
const end = current.indexOf(END);
if (start === -1 || end === -1) {
  console.error(`docs: README.md has no ${START} ... ${END} section`);
  process.exit(1);
}
const next = current.slice(0, start) + renderReference() + current.slice(end + END.length);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error("docs: the actions reference in README.md is out of date with the action.yml files; run 'node scripts/docs.mjs'.");
    process.exit(1);
  }
  console.log('docs: README.md actions reference is up to date');
} else {
  writeFileSync(readme, next);
}
