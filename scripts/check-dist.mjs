#!/usr/bin/env node
// dist/ is what GitHub runs, so it must be exactly what the sources build to:
// delete it, rebuild from scratch, and fail on any difference from what is committed.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [resolve(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], { cwd: root, encoding: 'utf8' });
if (status.trim() !== '') {
  console.error('check-dist: dist/ differs from a fresh build of the sources:');
  console.error(status);
  console.error("Run 'npm run build' and commit dist/.");
  process.exit(1);
}
console.log('check-dist: dist/ matches a fresh build');
