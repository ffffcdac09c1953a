/** `gridmeter dlms decode`: pure decode of wrapper/HDLC/APDU bytes into a report, and its renderings. */
export { type DecodeDlmsOptions, decodeDlms, itemFailed } from './decode.js';
export { detectLayer } from './detect.js';
export { bytesFromFile, parseHexText } from './input.js';
export { renderText } from './render-text.js';
export { renderXml } from './render-xml.js';
export type * from './report.js';
export type { DlmsKeys } from './security-context.js';
