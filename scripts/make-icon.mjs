// Writes images/icon.png (128×128): a plug-shaped socket glyph on a dark tile. No image libraries:
// a PNG is a signature, an IHDR chunk, zlib-compressed scanlines (IDAT) and IEND.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const size = 128;
const px = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * size + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const bg = [30, 41, 59, 255];
const fg = [56, 189, 248, 255];
const warn = [250, 204, 21, 255];
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    // Rounded tile.
    const r = 22;
    const cx = Math.min(Math.max(x, r), size - 1 - r);
    const cy = Math.min(Math.max(y, r), size - 1 - r);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    set(x, y, inside ? bg : [0, 0, 0, 0]);
    if (!inside) continue;
    // A socket outlet: a ring with two prongs, and a warning dot.
    const d = Math.hypot(x - 64, y - 62);
    if (d <= 40 && d >= 32) set(x, y, fg);
    if (((x >= 48 && x <= 56) || (x >= 72 && x <= 80)) && y >= 48 && y <= 70) set(x, y, fg);
    if (Math.hypot(x - 100, y - 100) <= 12) set(x, y, warn);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'images', 'icon.png');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
