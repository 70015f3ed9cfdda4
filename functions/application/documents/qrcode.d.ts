// The two modules of qrcode that make an SVG (its entry also loads the PNG renderer and pngjs,
// 30 KB of the documents bundle, for images this code never makes); qrcode ships no types for them.
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';

  export function create(text: string, options?: QRCodeOptions): QRCode;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeToStringOptions } from 'qrcode';

  export function render(qrData: QRCode, options?: QRCodeToStringOptions): string;
}
