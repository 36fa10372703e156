import type { SigningKey } from '../../packages/cosign/index.js';
import { UserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import type { Inputs } from './inputs.js';

/**
 * The cosign key pair from the inputs `key`, `key-password` and `public-key`,
 * each line of the private key masked before anything can print it; undefined
 * for keyless signing. The public key, when given, is what signatures must
 * verify with (signing refuses a private key that is not its other half).
 */
export function signingKeyInput(inputs: Inputs<'key' | 'key-password' | 'public-key'>, log: Logger): SigningKey | undefined {
  const privateKey = inputs.secret('key');
  const password = inputs.secret('key-password');
  if (privateKey === undefined) {
    if (password !== undefined) {
      throw new UserError({
        message: `input 'key-password' is set but 'key' is not.`,
        hint: 'Set key to the private key the password belongs to, or remove key-password to sign keyless.',
      });
    }
    return undefined;
  }
  // The runner masks a secret as a whole; a PEM also leaks line by line.
  for (const line of privateKey.split(/\r?\n/)) if (line.trim().length >= 8) log.secret(line.trim());
  const publicKey = inputs.string('public-key');
  return { privateKey, password: password ?? '', ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}) };
}
