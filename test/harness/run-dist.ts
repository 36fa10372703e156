import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface DistRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the action wrote to GITHUB_OUTPUT, parsed (both `k=v` and `k<<DELIM` forms). */
  outputs: Record<string, string>;
  /** Variables written to GITHUB_ENV. */
  env: Record<string, string>;
  summary: string;
  /** `::error ...::message` lines, message only (unescaped). */
  errors: string[];
  warnings: string[];
}

export interface RunOptions {
  /** Extra environment (GITHUB_*, DOCKER_CONFIG, ...). */
  env?: Record<string, string>;
  cwd?: string;
  /** Do not fill in action.yml defaults, to see what the code does on its own. */
  noDefaults?: boolean;
  timeoutMs?: number;
}

interface ActionYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string };
}

export function readActionYaml(action: string): ActionYaml {
  const file = action === '.' ? join(repoRoot, 'action.yml') : join(repoRoot, 'actions', action, 'action.yml');
  return parse(readFileSync(file, 'utf8')) as ActionYaml;
}

/** The variable the runner sets for an input: INPUT_ + name upper-cased, spaces to underscores. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Runs an action's bundled entry exactly as the runner does: `node <runs.main>`,
 * inputs as INPUT_* variables (action.yml defaults filled in), and fresh files
 * for GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY and GITHUB_STATE.
 */
export async function runDist(action: string, inputs: Record<string, string>, options: RunOptions = {}): Promise<DistRun> {
  const yaml = readActionYaml(action);
  const actionDir = action === '.' ? repoRoot : join(repoRoot, 'actions', action);
  const main = resolve(actionDir, yaml.runs.main);
  const work = mkdtempSync(join(tmpdir(), `run-${action.replace(/\W/g, '')}-`));
  const files = {
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_ENV: join(work, 'env'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    GITHUB_STATE: join(work, 'state'),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? work,
    RUNNER_TEMP: join(work, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(work, 'tool-cache'),
    GITHUB_WORKSPACE: options.cwd ?? repoRoot,
    GITHUB_ACTION: action,
    ...files,
  };
  if (!options.noDefaults) {
    for (const [name, spec] of Object.entries(yaml.inputs ?? {})) {
      if (spec.default !== undefined) env[inputVariable(name)] = String(spec.default);
    }
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  Object.assign(env, options.env);

  try {
    const { exitCode, stdout, stderr } = await spawnNode(main, env, options.cwd ?? repoRoot, options.timeoutMs ?? 120_000);
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      env: parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      errors: workflowCommands(stdout, 'error'),
      warnings: workflowCommands(stdout, 'warning'),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function spawnNode(main: string, env: Record<string, string>, cwd: string, timeoutMs: number) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [main], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV file: `name=value` lines and the
 * multi-line form `name<<DELIMITER`, value lines, `DELIMITER`.
 */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++] ?? '');
      if (i >= lines.length) throw new Error(`unterminated value for '${name}' (delimiter ${delimiter})`);
      result[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1) throw new Error(`malformed file command line: ${line}`);
    result[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return result;
}

function workflowCommands(stdout: string, command: string): string[] {
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^::${command}(?: [^:]*)?::(.*)$`).exec(line);
    if (match) found.push(unescapeData(match[1] ?? ''));
  }
  return found;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
