/**
 * `npm run icons`: renders Latchkey's icons from the one source, build/icon.svg.
 *   build/icon.png           1024 px: electron-builder makes the macOS .icns and the Windows .ico
 *                            from it (app-builder-lib util/iconConverter.js), and the window uses it
 *   build/icons/<n>x<n>.png  the Linux icon set (hicolor sizes), so small sizes are drawn from the
 *                            vector rather than scaled down from 1024 px by the desktop
 * The PNGs are build inputs and are committed; test/unit/scripts/icons.test.ts checks that they
 * are exactly what this script makes from the SVG, so edit the SVG and run `npm run icons`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** The source, relative to the project. */
export const ICON_SVG = join('build', 'icon.svg');

/** The sizes of the Linux icon set (freedesktop hicolor). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** Every file the script writes, relative to the project, with its size in pixels. */
export const ICON_OUTPUTS: ReadonlyArray<{ path: string; size: number }> = [
  { path: join('build', 'icon.png'), size: 1024 },
  ...LINUX_SIZES.map((size) => ({ path: join('build', 'icons', `${size}x${size}.png`), size })),
];

/** The SVG rendered as a square PNG `size` pixels wide. */
export function renderIcon(svg: string, size: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Renders every output from the SVG in `root`; returns the paths written. */
export function writeIcons(root: string): string[] {
  const svg = readFileSync(join(root, ICON_SVG), 'utf8');
  return ICON_OUTPUTS.map(({ path, size }) => {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderIcon(svg, size));
    return path;
  });
}

if (import.meta.main) {
  const written = writeIcons(resolve(import.meta.dirname, '..'));
  for (const path of written) console.log(`npm run icons: ${path}`);
}
