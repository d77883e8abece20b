/**
 * The key of a pseudonymised copy: which term became which pseudonym, which documents changed and
 * every replacement made (so the copy can be re-identified exactly). It is a separate file, never
 * part of a project, encrypted with a passphrase: AES-256-GCM under a key derived by scrypt (random
 * salt and IV for each file). The file is JSON: a versioned header in the clear (format, KDF and
 * cipher parameters) and the encrypted payload; the header is authenticated as additional data,
 * so changing any byte of the file makes it unreadable rather than wrong.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { DomainError } from '../../../shared/api/errors.js';
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import type { PseudonymTerm } from '../../../shared/pseudonymise/terms.js';
import type { DocumentMediaRow } from '../../db/tables/document-media.js';

export const KEY_FORMAT = 'weft-pseudonymisation-key';
export const KEY_VERSION = 1;
/** The shortest passphrase accepted when writing a key. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** One text field that was changed: the table, the row (by guid or key) and column, and each replacement in the new text. */
export interface ChangedField {
  table: string;
  /** The row: a guid, or for rows without one a JSON key such as `{"case":"…","attribute":"…"}`. */
  row: string;
  column: string;
  /** sha256 of the pseudonymised text, to tell whether it changed since (then it cannot be re-identified exactly). */
  hash: string;
  /** `[newStart, newEnd, original]`: `[newStart, newEnd)` of the pseudonymised text was `original`. */
  replacements: [number, number, string][];
}

/** A position that fell inside a replaced name, so it is kept as it was to restore it exactly. */
export interface AdjustedRange {
  kind: 'coding' | 'turn';
  /** Coding guid, or `<document guid>#<seq>` for a turn. */
  row: string;
  start: number;
  end: number;
}

export interface PseudonymisationKey {
  createdAt: string;
  /** The project the copy was made from (its guid and file name). */
  source: { guid: string; file: string };
  /** The pseudonymised copy's guid (the copy gets a new one). */
  copyGuid: string;
  terms: PseudonymTerm[];
  /** Documents whose text changed: guid, original name, number of replacements. */
  documents: { guid: string; name: string; replacements: number }[];
  fields: ChangedField[];
  adjusted: AdjustedRange[];
  /**
   * Recordings linked to documents, taken out of the copy (a voice, a face and often the file's
   * name identify a participant) and put back by re-identifying. Absent in keys written before.
   * Their paths are relative to the pseudonymised copy's folder (the copy the key was written with).
   */
  recordings?: RecordingLink[];
}

/** A `document_media` row, its document by guid. */
export type RecordingLink = Omit<DocumentMediaRow, 'document_id'> & { document: string };

interface KeyHeader {
  format: typeof KEY_FORMAT;
  version: number;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string };
}

interface KeyFile extends KeyHeader {
  tag: string;
  data: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const maxmem = (n: number, r: number) => 256 * n * r;

function deriveKey(passphrase: string, h: KeyHeader['kdf']): Buffer {
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(h.salt, 'base64'), 32, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
}

/** Why a passphrase is not good enough for a new key, or null. */
export function passphraseProblem(passphrase: string): string | null {
  if (Array.from(passphrase).length < MIN_PASSPHRASE_LENGTH) return `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`;
  return null;
}

/** The key file's content: JSON with the header in the clear and the payload encrypted. */
export function encryptKey(key: PseudonymisationKey, passphrase: string): string {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new DomainError('VALIDATION', `The key was not written: ${problem}.`);
  const header: KeyHeader = {
    format: KEY_FORMAT,
    version: KEY_VERSION,
    kdf: { name: 'scrypt', ...SCRYPT, salt: randomBytes(16).toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: randomBytes(12).toString('base64') },
  };
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, header.kdf), Buffer.from(header.cipher.iv, 'base64'));
  cipher.setAAD(Buffer.from(JSON.stringify(header), 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(key), 'utf8'), cipher.final()]);
  const file: KeyFile = { ...header, tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a key file's content with its passphrase; `file` names it in errors. */
export function decryptKey(content: string, passphrase: string, file: string): PseudonymisationKey {
  const bad = (why: string) => new DomainError('VALIDATION', `The key “${file}” cannot be read: ${why}.`);
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(content) as KeyFile;
  } catch {
    throw bad('it is not a Weft pseudonymisation key (not JSON)');
  }
  if (parsed?.format !== KEY_FORMAT) throw bad('it is not a Weft pseudonymisation key');
  if (parsed.version !== KEY_VERSION) throw bad(`it is key format ${String(parsed.version)}, and this Weft reads format ${KEY_VERSION}`);
  const { kdf, cipher: c } = parsed;
  if (kdf?.name !== 'scrypt' || c?.name !== 'aes-256-gcm' || typeof parsed.data !== 'string' || typeof parsed.tag !== 'string') throw bad('its header is damaged');
  if (![kdf.N, kdf.r, kdf.p].every((n) => Number.isInteger(n) && n > 0) || kdf.N > 2 ** 20 || kdf.r > 32 || kdf.p > 16) throw bad('its header is damaged');
  const header: KeyHeader = { format: parsed.format, version: parsed.version, kdf, cipher: c };
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, kdf), Buffer.from(c.iv, 'base64'));
    decipher.setAAD(Buffer.from(JSON.stringify(header), 'utf8'));
    decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as PseudonymisationKey;
  } catch {
    throw bad('the passphrase is wrong, or the file was changed');
  }
}

/** Reads and opens a key file. */
export function readKeyFile(path: string, passphrase: string): PseudonymisationKey {
  return decryptKey(readUserFile(path, USER_FILE_KINDS.pseudonymKey).toString('utf8'), passphrase, path);
}
