/**
 * The icons are build inputs generated from one source: each committed PNG must be exactly what
 * `npm run icons` (scripts/icons.ts) renders from build/icon.svg, at the size electron-builder
 * needs (1024 px: it makes the .icns, which needs 512 px or more, and the .ico, 256 px or more).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_OUTPUTS, ICON_SVG, renderIcon } from '../../../scripts/icons.ts';
import { FAVICON } from '../../../main/auth/flow/loopback.ts';
import { readBaseConfig } from '../../../scripts/dist-config.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const svg = readFileSync(join(ROOT, ICON_SVG), 'utf8');

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
      expect(committed.equals(renderIcon(svg, size)), `${path}: run npm run icons`).toBe(true);
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
    const png = renderIcon(svg, 32);
    expect(FAVICON).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(FAVICON.length).toBeLessThan(2000);
  });
});
