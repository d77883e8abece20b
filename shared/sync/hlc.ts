/**
 * Hybrid logical clock (issue 17): every operation of a synced project carries one. It is wall
 * time in milliseconds when clocks agree, and still moves forward when a machine's clock is behind
 * one it has heard from: an edit made after seeing another always gets a later time.
 *
 * Encoded as `WWWWWWWWWWWWW-CCCC-<clientId>` (protocol.ts `HlcString`): 13-digit wall milliseconds,
 * 4-digit hex counter, the client that made it. Plain string order is clock order, and two clients
 * never make the same string, so the order is total. Pure: no clock is read here; callers pass `now`.
 */
import type { HlcString } from './protocol.js';

export interface Hlc {
  /** Milliseconds since the epoch (the larger of the local wall clock and any clock heard from). */
  wall: number;
  /** Events within the same `wall` millisecond, 0…0xffff. */
  counter: number;
  clientId: string;
}

export const MAX_COUNTER = 0xffff;
const WALL_DIGITS = 13;
const HLC_PATTERN = /^(\d{13})-([0-9a-f]{4})-(.+)$/;

/** A client id may hold letters, digits, `_` and `-` (it ends the clock string). */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeHlc(h: Hlc): HlcString {
  if (!Number.isSafeInteger(h.wall) || h.wall < 0 || h.wall >= 10 ** WALL_DIGITS) throw new Error(`Clock wall time out of range: ${h.wall}`);
  if (!Number.isInteger(h.counter) || h.counter < 0 || h.counter > MAX_COUNTER) throw new Error(`Clock counter out of range: ${h.counter}`);
  if (!CLIENT_ID_PATTERN.test(h.clientId)) throw new Error(`Not a client id: ${JSON.stringify(h.clientId)}`);
  return `${String(h.wall).padStart(WALL_DIGITS, '0')}-${h.counter.toString(16).padStart(4, '0')}-${h.clientId}`;
}

/** Parses a clock string; throws on anything else (an operation with a bad clock is a bad operation). */
export function decodeHlc(s: string): Hlc {
  const m = HLC_PATTERN.exec(s);
  if (!m || !CLIENT_ID_PATTERN.test(m[3]!)) throw new Error(`Not a clock time: ${JSON.stringify(s)}`);
  return { wall: Number(m[1]), counter: parseInt(m[2]!, 16), clientId: m[3]! };
}

export const isHlc = (s: unknown): s is HlcString => typeof s === 'string' && HLC_PATTERN.test(s) && CLIENT_ID_PATTERN.test(HLC_PATTERN.exec(s)![3]!);

/** Clock order (the same as string order of well-formed clocks). */
export const compareHlc = (a: HlcString, b: HlcString): number => (a < b ? -1 : a > b ? 1 : 0);

/** The later of two clocks (null counts as earliest). */
export const maxHlc = (a: HlcString | null, b: HlcString | null): HlcString | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** Moves past `counter` overflow: the next millisecond. */
function normalise(wall: number, counter: number, clientId: string): Hlc {
  return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0, clientId } : { wall, counter, clientId };
}

/** A local event (an edit): later than `last` and not earlier than the wall clock `now`. */
export function tick(last: Pick<Hlc, 'wall' | 'counter'> | null, now: number, clientId: string): Hlc {
  if (!last || now > last.wall) return { wall: now, counter: 0, clientId };
  return normalise(last.wall, last.counter + 1, clientId);
}

/** A clock heard from another replica: the local clock moves past it (so later local edits come after it). */
export function receive(last: Pick<Hlc, 'wall' | 'counter'> | null, remote: Hlc, now: number, clientId: string): Hlc {
  const l = last ?? { wall: 0, counter: 0 };
  const wall = Math.max(l.wall, remote.wall, now);
  let counter: number;
  if (wall === l.wall && wall === remote.wall) counter = Math.max(l.counter, remote.counter) + 1;
  else if (wall === l.wall) counter = l.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return normalise(wall, counter, clientId);
}
