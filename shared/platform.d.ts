// Web-platform globals that exist in Node 20 and in browsers, declared for shared/ code compiled
// without DOM or Node types (shared/tsconfig.json). The root tsconfig gets them from lib.dom.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: Uint8Array | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
