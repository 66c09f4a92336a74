import { create } from 'qrcode';

/** Modules of light margin round the code, as the QR specification asks (ISO/IEC 18004: four). */
const QUIET_ZONE = 4;

/**
 * A QR code of a text as an SVG drawn from the modules the `qrcode` library encodes (error correction M: still
 * read with a seventh of the poster scuffed). One path of dark squares, black on white, crisp at any print size;
 * named for screen readers by what it opens.
 */
export function QrCode({ text, label, size = '16rem' }: { text: string; label: string; size?: string }) {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  const side = modules.size + 2 * QUIET_ZONE;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${side} ${side}`} width={size} height={size} shape-rendering="crispEdges" class="qr-code">
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
