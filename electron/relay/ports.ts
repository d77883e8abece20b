/**
 * Adapters from the runtimes' message ports to `RelayPort` (protocol.ts). No Electron import: the
 * shapes are described structurally.
 */
import type { RelayPort } from './protocol.js';

/**
 * A DOM MessagePort (the preload's end) or a Node worker_threads MessagePort: EventTargets whose
 * 'message' event carries `data`, started explicitly.
 */
export interface EventTargetPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

/** Electron's MessagePortMain (main and utility processes): an EventEmitter whose 'message' carries `{ data }`. */
export interface EmitterPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export function fromEventTargetPort(port: EventTargetPort): RelayPort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.addEventListener('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => port.addEventListener('close', listener),
    close: () => port.close(),
  };
}

export function fromEmitterPort(port: EmitterPort): RelayPort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}
