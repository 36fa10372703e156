import { parseJson, UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

export interface HostLogin {
  username: string;
  password: string;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]+)?$/;

/**
 * Logins by registry host, as a workflow maps its secrets (the mirrors' logins):
 * `{"<host>": {"username": "...", "password": "..."}}`. Every password is
 * masked before anything else can print it; an error names the input and
 * the host, never a value.
 */
export function parseRegistryLogins(text: string | undefined, input: string, log: Logger): Record<string, HostLogin> {
  if (text === undefined || text.trim() === '') return {};
  const value = parseJson(text, () => {
    throw new UserError({
      message: `input '${input}' is not JSON.`,
      hint: `Give an object of logins by host: {"registry.example.com": {"username": "...", "password": "..."}}.`,
    });
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError({
      message: `input '${input}' is not a JSON object of logins by host.`,
      hint: `Give {"registry.example.com": {"username": "...", "password": "..."}}.`,
    });
  }
  const logins: Record<string, HostLogin> = {};
  for (const [host, login] of Object.entries(value as Record<string, unknown>)) {
    const entry = login as Partial<HostLogin> | null;
    if (typeof entry?.password === 'string' && entry.password !== '') log.secret(entry.password);
    if (!HOST.test(host)) {
      throw new UserError({
        message: `input '${input}' has a login for '${host}', which is not a registry host.`,
        hint: 'Key each login by the host of the mirror, as the catalog names it: registry.example.com or 127.0.0.1:5002 (no scheme, no path).',
      });
    }
    if (
      entry === null ||
      typeof entry !== 'object' ||
      typeof entry.username !== 'string' ||
      entry.username === '' ||
      typeof entry.password !== 'string' ||
      entry.password === ''
    ) {
      throw new UserError({
        message: `input '${input}': the login for ${host} needs a non-empty "username" and "password".`,
        hint: `Write it as {"${host}": {"username": "...", "password": "..."}}.`,
      });
    }
    logins[host] = { username: entry.username, password: entry.password };
  }
  return logins;
}
