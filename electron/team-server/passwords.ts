/**
 * Passwords and tokens of the team server. Passwords: scrypt (node:crypto) with a random 16-byte
 * salt per user, stored as `scrypt$N$r$p$<salt>$<hash>` so the cost can be raised later without
 * invalidating stored hashes. Tokens: 32 random bytes given to the client once; the server keeps
 * only their SHA-256 (a token is random, so a fast hash is enough to make a stolen table useless).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of a password nobody has: checked when the user does not exist, so both cases take as long. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const encoded = stored ?? (await (decoy ??= hashPassword(randomBytes(18).toString('base64'))));
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scryptAsync(password, salt, { N: N!, r: r!, p: p! });
  return key.length === expected.length && timingSafeEqual(key, expected) && stored !== null;
}

/** Passwords shorter than this are refused when an account is made or changed. */
export const MIN_PASSWORD_LENGTH = 10;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
