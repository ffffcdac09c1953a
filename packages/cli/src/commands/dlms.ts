import { readFileSync } from 'node:fs';
import { type Command, CommanderError, Option } from 'commander';
import type { CliModule } from '../cli-module.js';
import {
  bytesFromFile,
  type DlmsKeys,
  type DlmsLayer,
  decodeDlms,
  parseHexText,
  renderText,
  renderXml,
} from '../dlms/index.js';

/** Exit code for a command line that cannot be run (bad hex, a key of the wrong size…). */
const EXIT_USAGE = 2;

interface DecodeOptions {
  readonly file?: string;
  readonly layer?: DlmsLayer;
  readonly format: 'json' | 'xml' | 'text';
  readonly ek?: string;
  readonly ak?: string;
  readonly systemTitle?: string;
}

/** Prints `message` the way Commander prints its own errors and exits with {@link EXIT_USAGE}. */
function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  throw new CommanderError(EXIT_USAGE, 'gridmeter.usage', `error: ${message}`);
}

function hexOption(name: string, text: string, size: number): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = parseHexText(text);
  } catch (e) {
    usageError(`${name}: ${(e as Error).message}`);
  }
  if (bytes.length !== size) usageError(`${name} must be ${size} bytes, got ${bytes.length}`);
  return bytes;
}

function keysOf(opts: DecodeOptions): DlmsKeys | undefined {
  if (opts.ek === undefined && opts.ak === undefined) {
    if (opts.systemTitle !== undefined) usageError('--system-title needs --ek and --ak');
    return undefined;
  }
  if (opts.ek === undefined || opts.ak === undefined) usageError('give both --ek and --ak');
  return {
    // DLMS UA 1000-2 Ed. 8 §9.2.3.7: suite 0 uses AES-128 keys and 8-byte system titles.
    encryptionKey: hexOption('--ek', opts.ek, 16),
    authenticationKey: hexOption('--ak', opts.ak, 16),
    ...(opts.systemTitle !== undefined
      ? { systemTitle: hexOption('--system-title', opts.systemTitle, 8) }
      : {}),
  };
}

function inputBytes(args: readonly string[], opts: DecodeOptions): Uint8Array {
  if (opts.file !== undefined) {
    if (args.length > 0) usageError('give hex or --file, not both');
    try {
      return bytesFromFile(readFileSync(opts.file === '-' ? 0 : opts.file)).bytes;
    } catch (e) {
      usageError(`cannot read ${opts.file}: ${(e as Error).message}`);
    }
  }
  if (args.length === 1 && args[0] === '-') return bytesFromFile(readFileSync(0)).bytes;
  if (args.length === 0) usageError('give the bytes as hex, -f <file>, or - for stdin');
  try {
    return parseHexText(args.join(' '));
  } catch (e) {
    usageError((e as Error).message);
  }
}

function decodeCommand(dlms: Command): void {
  dlms
    .command('decode')
    .description('decode DLMS/COSEM bytes: wrapper/HDLC frames or a bare APDU, deciphered with keys')
    .argument('[hex...]', 'the bytes as hex (spaces and colons allowed), or - for stdin')
    .option('-f, --file <path>', 'read the bytes from a file: binary, or text holding hex')
    .addOption(
      new Option('--layer <layer>', 'framing, instead of detecting it').choices(['wrapper', 'hdlc', 'apdu']),
    )
    .addOption(new Option('--format <format>', 'output').choices(['json', 'xml', 'text']).default('json'))
    .option('--ek <hex>', 'global encryption key (16 bytes)')
    .option('--ak <hex>', 'authentication key (16 bytes)')
    .option(
      '--system-title <hex>',
      "the sender's system title for glo-/ded- APDUs, when no AARQ/AARE says it",
    )
    .addHelpText(
      'after',
      `
Exit code: 0 when everything decoded, 1 when a frame or APDU failed (all results are still
printed), 2 for a bad command line.

Examples:
  gridmeter dlms decode 000100100001000dc001c100080000010000ff0200
  gridmeter dlms decode -f capture.hex --format xml
  gridmeter dlms decode -f session.bin --ek 000102030405060708090A0B0C0D0E0F --ak D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF`,
    )
    .exitOverride((err) => {
      // Commander's own parse errors (unknown option, bad choice) are usage errors too.
      throw err.exitCode === 0 ? err : new CommanderError(EXIT_USAGE, err.code, err.message);
    })
    .action((args: string[], opts: DecodeOptions) => {
      const keys = keysOf(opts);
      const bytes = inputBytes(args, opts);
      const report = decodeDlms(bytes, {
        ...(opts.layer ? { layer: opts.layer } : {}),
        ...(keys ? { keys } : {}),
      });
      const text =
        opts.format === 'xml'
          ? renderXml(report)
          : opts.format === 'text'
            ? renderText(report)
            : `${JSON.stringify(report, null, 2)}\n`;
      process.stdout.write(text);
      process.exitCode = report.ok ? 0 : 1;
    });
}

/** `gridmeter dlms …`: DLMS/COSEM tools for the field (decode captures like Gurux's translator). */
export const dlmsModule: CliModule = {
  name: 'dlms',
  register(program) {
    const dlms = program.command('dlms').description('DLMS/COSEM tools');
    decodeCommand(dlms);
  },
};
