import { describe, expect, it } from 'vitest';
import { BufferedLogger, MemoryLogger } from '../../../packages/logging/index.js';
import { type Command, loggingRunner } from '../../../packages/process/index.js';

describe('BufferedLogger', () => {
  it('holds every line until flushed, then hands them on in order, warnings with their place', async () => {
    const target = new MemoryLogger();
    const held = new BufferedLogger(target);
    held.info('building');
    await held.group('lock-down checks', async () => held.warning('a shell', { file: 'images.yaml', line: 3 }));
    held.error('stopped');
    expect(target.records).toEqual([]);
    held.flush();
    expect(target.records).toEqual([
      { level: 'info', message: 'building' },
      { level: 'info', message: '[group] lock-down checks' },
      { level: 'warning', message: 'a shell', location: { file: 'images.yaml', line: 3 } },
      { level: 'error', message: 'stopped' },
    ]);
    held.flush();
    expect(target.records).toHaveLength(4);
  });

  it('passes a secret on at once: masking cannot wait for the flush', () => {
    const target = new MemoryLogger();
    new BufferedLogger(target).secret('hunter2');
    expect(target.secrets).toEqual(['hunter2']);
  });
});

describe('loggingRunner', () => {
  it('runs every command quiet and logs it with what it printed; a quiet command is not logged', async () => {
    const ran: Command[] = [];
    const inner = {
      run: async (command: Command) => {
        ran.push(command);
        return { exitCode: 0, stdout: 'out\n', stderr: 'err\n' };
      },
    };
    const log = new MemoryLogger();
    const runner = loggingRunner(inner, log);
    const result = await runner.run({ file: 'docker', args: ['buildx', 'build', '.'] });
    await runner.run({ file: 'docker', args: ['login'], stdin: 'secret', quiet: true });
    expect(result).toEqual({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    expect(ran.map((c) => c.quiet)).toEqual([true, true]);
    expect(log.messages()).toEqual(['[command]docker buildx build .', 'out\nerr']);
  });
});
