/**
 * The icons are build inputs generated from one source: each committed PNG must be exactly what
 * `npm run icons` (scripts/icons.ts) renders from build/icon.svg, at the size electron-builder
 * needs (1024 px: it makes the .icns, which needs 512 px or more, and the .ico, 256 px or more).
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_OUTPUTS, ICON_SVG, renderIcon } from '../../../scripts/icons.ts';
import { FAVICON } from '../../../main/auth/flow/loopback.ts';
import { readBaseConfig } from '../../../scripts/dist-config.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const svg = readFileSync(join(ROOT, ICON_SVG), 'utf8');

/**
 * The RGBA pixels of a PNG as resvg writes it (8-bit RGBA, not interlaced): the IDAT chunks
 * inflated and each row's filter undone (PNG spec §9).
 */
function decodePng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const { width, height } = pngSize(png);
  expect([png[24], png[25], png[28]], 'bit depth, colour type, interlace').toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
      idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

/**
 * Whether two renders are the same picture: byte for byte on the machine that made them, and
 * within 2 levels per channel elsewhere (resvg's rasterizer may round anti-aliased edges a
 * little differently on another CPU, e.g. the Apple-silicon CI runner).
 */
function samePicture(committed: Buffer, rendered: Buffer): boolean {
  if (committed.equals(rendered)) return true;
  const a = decodePng(committed);
  const b = decodePng(rendered);
  if (a.width !== b.width || a.height !== b.height) return false;
  return a.pixels.every((value, i) => Math.abs(value - b.pixels[i]!) <= 2);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the icons', () => {
  it('has one source: a rounded square in the accent colour with a white mark', () => {
    expect(svg).toMatch(/viewBox="0 0 1024 1024"/);
    expect(svg).toMatch(/<rect [^>]*rx="\d+"[^>]*fill="#3451c7"/);
    expect(svg).toContain('fill="#fff"');
    // Nothing that renders differently from machine to machine.
    expect(svg).not.toMatch(/<text|<image|href=/);
  });

  it.each(ICON_OUTPUTS)(
    'commits $path as scripts/icons.ts renders it ($size px)',
    ({ path, size }) => {
      const committed = readFileSync(join(ROOT, path));
      expect(pngSize(committed)).toEqual({ width: size, height: size });
      expect(samePicture(committed, renderIcon(svg, size)), `${path}: run npm run icons`).toBe(
        true,
      );
    },
  );

  it('gives electron-builder a 1024 px icon.png in buildResources and the Linux set', () => {
    const base = readBaseConfig(join(ROOT, 'electron-builder.yml'));
    expect((base.directories as { buildResources: string }).buildResources).toBe('build');
    expect(base.icon).toBe('icon.png');
    expect((base.linux as { icon: string }).icon).toBe('icons');
    // The window's icon in the packaged app (main/electron/index.ts reads resources/icon.png).
    expect(base.extraResources).toEqual([{ from: 'build/icon.png', to: 'icon.png' }]);
    expect(ICON_OUTPUTS.find((o) => o.path === join('build', 'icon.png'))?.size).toBe(1024);
  });

  it("is the loopback pages' favicon, inline (32 px)", () => {
    const [scheme, data] = FAVICON.split(',') as [string, string];
    expect(scheme).toBe('data:image/png;base64');
    expect(samePicture(Buffer.from(data, 'base64'), renderIcon(svg, 32))).toBe(true);
    expect(FAVICON.length).toBeLessThan(2000);
  });

  it('compares pictures, not just bytes (the check above can fail)', () => {
    const icon = readFileSync(join(ROOT, 'build', 'icon.png'));
    const decoded = decodePng(icon);
    expect(decoded.pixels.length).toBe(1024 * 1024 * 4);
    // The centre of the key's bow is the accent colour; a corner is transparent.
    const at = (x: number, y: number) => [
      ...decoded.pixels.subarray((y * 1024 + x) * 4, (y * 1024 + x) * 4 + 4),
    ];
    expect(at(2, 2)[3]).toBe(0);
    expect(at(512, 900)).toEqual([0x34, 0x51, 0xc7, 255]);
    expect(
      samePicture(icon, renderIcon(svg.replace('fill="#3451c7"', 'fill="#3a51c7"'), 1024)),
    ).toBe(false);
    expect(samePicture(icon, renderIcon(svg, 512))).toBe(false);
  });
});
