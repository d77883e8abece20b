/** Weft's version, in a module of its own so that anything may import it without cycles. */
export const APP_VERSION = '0.1.0';
