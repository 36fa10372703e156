import { tableCell } from '../logging/index.js';
import { type RepositoryPlan, short } from './plan.js';
import type { RetainResult } from './retain.js';

/**
 * The job summary of a retention run: per stream what is kept and removed,
 * what was protected and why, and the removals in order (the whole plan in a
 * dry run, what was done otherwise).
 */
export function retentionMarkdown(result: RetainResult, dryRun: boolean): string {
  const lines: string[] = [];
  lines.push(dryRun ? '**Dry run**: the plan below was computed; nothing was removed.' : '');
  lines.push('', '| Repository | Stream | Kept | Removed |', '| --- | --- | --- | --- |');
  for (const plan of result.plans) {
    for (const [stream, kept] of plan.kept) {
      const removed = plan.removed.get(stream) ?? [];
      lines.push(`| \`${plan.repository}\` | ${stream || '(no variant)'} | ${code(kept)} | ${code(removed)} |`);
    }
    if (plan.kept.size === 0) lines.push(`| \`${plan.repository}\` | - | no version | - |`);
  }
  const actions = result.plans.flatMap((plan) => plan.actions.map((action) => ({ plan, action })));
  if (actions.length > 0) {
    lines.push('', dryRun ? '### Removals planned' : '### Removed', '', '| Repository | What | Why |', '| --- | --- | --- |');
    for (const { plan, action } of actions) {
      const what =
        action.action === 'delete' ? `\`@${short(action.digest)}\`` : `\`:${action.tag}\` (untagged; \`${short(action.digest)}\` stays)`;
      lines.push(`| \`${plan.repository}\` | ${what} | ${tableCell(action.why)} |`);
    }
  }
  const protectedRows = result.plans.flatMap((plan: RepositoryPlan) => plan.protected.map((p) => ({ plan, p })));
  if (protectedRows.length > 0) {
    lines.push('', '### Protected', '', '| Repository | What | Why |', '| --- | --- | --- |');
    for (const { plan, p } of protectedRows) lines.push(`| \`${plan.repository}\` | \`${p.what}\` | ${tableCell(p.why)} |`);
  }
  if (result.unlisted && result.unlisted.length > 0) {
    lines.push(
      '',
      `> [!NOTE]\n> Not in the catalog any more, so nothing was removed from them: ${result.unlisted.map((r) => `\`${r}\``).join(', ')}. To remove an image, mark it \`deprecated\` with a \`remove-after\` date.`,
    );
  }
  if (!dryRun && result.verified.length > 0)
    lines.push('', `Every kept tag (${result.verified.length}) still resolves and its signature verifies.`);
  return `${lines.join('\n').trim()}\n`;
}

function code(tags: readonly string[]): string {
  return tags.length === 0 ? '-' : tags.map((t) => `\`${t}\``).join(', ');
}

/** The action's outputs: counts, and the plan of every repository (kept, removed, what was done, what is protected). */
export function retentionOutputs(result: RetainResult): Record<'removed' | 'kept' | 'protected', number> & { plan: object[] } {
  return {
    removed: result.done.length,
    kept: result.plans.reduce((n, p) => n + [...p.kept.values()].flat().length, 0),
    protected: result.plans.reduce((n, p) => n + p.protected.length, 0),
    plan: result.plans.map((p) => ({
      repository: p.repository,
      kept: Object.fromEntries(p.kept),
      removed: Object.fromEntries(p.removed),
      actions: p.actions,
      protected: p.protected,
    })),
  };
}
