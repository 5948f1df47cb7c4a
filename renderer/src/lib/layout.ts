/** Window-size rules the layout follows. */

/** Below this width (CSS px) the sidebar shows icons only, so titles keep the room. */
export const SIDEBAR_COLLAPSE_BELOW = 960;

/** Whether the sidebar is collapsed to icons in a window `width` CSS px wide. */
export function sidebarCollapsed(width: number): boolean {
  return width < SIDEBAR_COLLAPSE_BELOW;
}

/**
 * Below this width (CSS px: a small window, a zoomed one, the preview in a narrow browser) the
 * screens lay out for a narrow window: the navigation is a row of icons under the top bar, the
 * account menu is the avatar, Refresh goes under the title, facts stack label over value and
 * rows wrap their secondary columns under the title. The styles say it as
 * `@media (max-width: 639.98px)` (CSS cannot read this constant; a test keeps the two together).
 */
export const NARROW_BELOW = 640;

/** The media query of the narrow layout, as the styles write it. */
export const NARROW_MEDIA = `(max-width: ${NARROW_BELOW - 0.02}px)`;
