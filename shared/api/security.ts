/**
 * The Content-Security-Policy for every Weft page, in Electron (meta tag + header) and in browser
 * mode (header). No inline scripts, no remote code, no framing; the renderer only talks to 'self'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // recordings linked to documents: streamed by the bridge from the same origin (GET /media/TICKET),
  // in the Electron window by main from weft-media://recording/TICKET (fetched too, for the waveform)
  "media-src 'self' weft-media:",
  "connect-src 'self' weft-media:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
