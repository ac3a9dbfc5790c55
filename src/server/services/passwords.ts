// argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). @node-rs/argon2 hashes on the
// libuv thread pool, so the event loop keeps serving while a hash runs (docs/security.md).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

/**
 * Many hashes (an import, a reset of many accounts), one per core at a time: one after
 * another leaves all but one core idle, and all at once queues every hash's 19 MiB on the
 * thread pool together. Holes in the list stay holes.
 */
export async function hashPasswords(passwords: readonly (string | undefined)[]): Promise<(string | undefined)[]> {
  const hashes: (string | undefined)[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      const password = passwords[i];
      hashes[i] = password === undefined ? undefined : await hashPassword(password);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), passwords.length) }, worker));
  return hashes;
}

export const MIN_PASSWORD_LENGTH = 8;

/** Why a password someone chose for themselves is refused, or undefined when it is fine. */
export function newPasswordProblem(nip: string, password: string): 'password-too-short' | 'password-is-nip' | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'password-too-short';
  if (password.replace(/\s/g, '') === nip) return 'password-is-nip';
  return undefined;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Hashed once, lazily: verifying against it when the NIP is unknown makes a wrong NIP
// cost as much as a wrong password, so timing does not reveal which NIPs exist.
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
};

/** An initial password for an imported account: 12 characters, no look-alikes. */
export function generatePassword(length = 12): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const b of bytes) {
    if (b >= 256 - (256 % alphabet.length)) continue; // avoid modulo bias
    out += alphabet[b % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}
