import { runAction } from '../../_common/run-action.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs }) => {
    inputs.string('image', { required: true });
    inputs.boolean('attest-sbom', false);
    throw new Error('sign-with-cosign is not built yet');
  });
}
