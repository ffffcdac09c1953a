/**
 * The package table of ARCHITECTURE.md: which workspace packages each package may import.
 * A package not listed here may not exist (add it here when it gets real content).
 */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  codec: [],
  dlms: ['codec'],
  dlt645: ['codec'],
  domain: [],
  simulator: ['codec', 'dlms', 'dlt645', 'domain'],
  headend: ['codec', 'dlms', 'dlt645', 'domain'],
  store: ['domain'],
  bus: ['domain'],
  mdm: ['domain'],
  analytics: ['domain'],
  api: ['domain', 'mdm', 'analytics', 'headend'],
  web: ['api'],
  cli: [
    'codec',
    'dlms',
    'dlt645',
    'domain',
    'simulator',
    'headend',
    'store',
    'bus',
    'mdm',
    'analytics',
    'api',
    'web',
  ],
};

/** Node built-ins that mean I/O, which codecs and the domain core must not touch. */
export const NO_IO: Readonly<Record<string, readonly string[]>> = {
  codec: ['node:net', 'node:dgram', 'node:fs', 'node:fs/promises', 'node:http', 'node:child_process'],
  domain: ['node:net', 'node:dgram', 'node:fs', 'node:fs/promises', 'node:http', 'node:child_process'],
};

/** The npm scope of workspace packages. */
export const SCOPE = '@gridmeter/';
